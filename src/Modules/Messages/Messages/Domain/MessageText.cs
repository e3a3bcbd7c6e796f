using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Shared;
using Portal.Shared.Text;

namespace Portal.Messages.Domain;

/// <summary>A message as a person reads it: a title, the text and what the link does.</summary>
public sealed record MessageView(string Title, string Body, string Action);

/// <summary>Draws a message's text in a language from its kind and data (the texts are MessagesText resources).</summary>
public sealed class MessageText(IStringLocalizer<MessagesText> t, TownClock town)
{
    public MessageView Render(Message m, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return Render(m.Kind, m.Data, m.At, culture);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private MessageView Render(string kind, Dictionary<string, string> d, DateTimeOffset at, CultureInfo culture)
    {
        string V(string key) => d.GetValueOrDefault(key) ?? string.Empty;
        string Date(string key) => DateOnly.TryParse(V(key), CultureInfo.InvariantCulture, out var date) ? TownClock.FormatDate(date, culture) : string.Empty;
        string Money(string key) => decimal.TryParse(V(key), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? Czk.Format(amount) : string.Empty;
        string Fee() => culture.TwoLetterISOLanguageName == "en" && V("feeEn").Length > 0 ? V("feeEn") : V("fee");
        string F(string template, params object[] args) => string.Format(CultureInfo.InvariantCulture, t[template], args);

        return kind switch
        {
            MessageKinds.SubmissionRegistered => new(
                F("Podání {0} jsme přijali", V("ref")),
                F("Podatelna zaevidovala vaše podání „{0}“ pod číslem jednacím {1}.", V("form"), V("ref"))
                    + " " + F("Doručeno {0}, identifikátor {1}, otisk obsahu (SHA-256) {2}.", town.FormatSeconds(at), V("identifier"), V("digest")),
                t["Zobrazit podání"]),
            MessageKinds.SubmissionTaken => new(
                F("Podání {0} vyřizuje {1}", V("ref"), V("clerk")),
                F("Vaše podání „{0}“ převzal(a) k vyřízení {1}.", V("form"), V("clerk")),
                t["Zobrazit podání"]),
            MessageKinds.CompletionRequested => new(
                F("Úřad žádá doplnění podání {0}", V("ref")),
                (V("by").Length > 0 ? F("Odpovězte prosím do {0}.", Date("by")) + " " : string.Empty) + F("Úřad píše: {0}", V("text")),
                t["Odpovědět úřadu"]),
            MessageKinds.DeadlineExtended => new(
                F("Lhůta k vyřízení podání {0} je prodloužena", V("ref")),
                F("Lhůta se prodlužuje o {0} dní, vyřídíme nejpozději {1}. Důvod: {2}", V("days"), Date("deadline"), V("text")),
                t["Zobrazit podání"]),
            MessageKinds.SubmissionDecided => new(
                F("O podání {0} je rozhodnuto: {1}", V("ref"), t["outcome:" + V("outcome")]),
                F("Výsledek: {0}. Odůvodnění: {1}", t["outcome:" + V("outcome")], V("text")),
                t["Zobrazit rozhodnutí"]),
            MessageKinds.FeeAssessed => new(
                F("Vyměřili jsme poplatek: {0} {1}", Fee(), V("year")),
                V("due").Length > 0 ? F("Částka {0}, splatná do {1}.", Money("amount"), Date("due")) : F("Částka {0}.", Money("amount")),
                t["Zaplatit"]),
            MessageKinds.PaymentReceived => new(
                F("Přijali jsme platbu {0}", Money("amount")),
                F("Platba za {0} {1}. Zbývá zaplatit {2}.", Fee(), V("year"), Money("remaining")),
                t["Moje platby"]),
            MessageKinds.Overpayment => new(
                F("Přeplatek {0}: {1} {2}", Money("overpaid"), Fee(), V("year")),
                t["Zaplatili jste víc, než bylo předepsáno. Úřad vám přeplatek vrátí, nebo ho započte na příští období; ozveme se vám."],
                t["Zobrazit poplatek"]),
            MessageKinds.InstalmentDueSoon => new(
                F("Blíží se splatnost: {0} {1}", Fee(), V("year")),
                F("Do {0} prosím zaplaťte {1} (variabilní symbol {2}).", Date("due"), Money("amount"), V("vs")),
                t["Zaplatit"]),
            MessageKinds.InstalmentOverdue => new(
                F("Nezaplaceno po splatnosti: {0} {1}", Fee(), V("year")),
                F("Splatné bylo do {0} a {1} zůstává nezaplaceno. Zaplaťte prosím co nejdříve (variabilní symbol {2}); nezaplacený poplatek může úřad vyměřit platebním výměrem a zvýšit až na trojnásobek.", Date("due"), Money("amount"), V("vs")),
                t["Zaplatit"]),
            MessageKinds.DraftExpiring => new(
                t["Rozpracovaný formulář bude smazán"],
                F("Formulář „{0}“ jste dlouho neupravili. Pokud ho do {1} neotevřete, smažeme ho.", V("form"), Date("removeOn")),
                t["Pokračovat ve formuláři"]),
            _ => new(kind, string.Empty, t["Otevřít"]),
        };
    }
}
