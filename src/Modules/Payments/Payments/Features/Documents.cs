using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Payments.Domain;
using Portal.Shared;
using Portal.Shared.Documents;
using Portal.Shared.Text;

namespace Portal.Payments.Features;

/// <summary>
/// Payment documents as PDF/A: the payment instruction with its QR Platba (the same SPAYD string as the page's code)
/// and the receipt of a paid payment (with what it paid, when one card payment paid several fees).
/// </summary>
public static class PaymentDocuments
{
    public static byte[] Instruction(PaymentInstruction instruction, IStringLocalizer<PaymentsText> t, TownClock clock, string townName)
    {
        var o = instruction.Obligation;
        var pdf = Builder(townName, $"{t["Platební údaje"]}: {o.FeeName} {o.Year}", clock.StartOf(clock.Today), t);
        if (instruction.Spayd is { } spayd)
        {
            pdf.Image(QrPlatba.Bitmap(spayd), 45, $"QR platba: {Czk.Format(o.Remaining)}, {t["Variabilní symbol"]} {o.VariableSymbol}");
        }

        pdf.Fields(
        [
            (t["Příjemce"], o.RecipientName),
            (t["Číslo účtu"], o.Account),
            ("IBAN", string.Join(' ', o.Iban.Chunk(4).Select(c => new string(c)))),
            (t["Částka"], instruction.IsPaid ? Czk.Format(0) : Czk.Format(o.Remaining)),
            (t["Variabilní symbol"], o.VariableSymbol),
            (t["Splatnost"], o.DueDate is { } due ? clock.FormatDate(due) + (due < clock.Today ? " (" + t["po splatnosti, zaplaťte co nejdříve"] + ")" : string.Empty) : "–"),
            (t["Zpráva pro příjemce"], o.Message),
            (t["Poplatník"], o.PayerName),
            (t["Předepsáno"], Czk.Format(o.Amount)),
            (t["Zaplaceno"], Czk.Format(o.Paid)),
        ]);
        pdf.Paragraph(instruction.IsPaid
            ? t["Tento poplatek je zaplacený."]
            : t["Naskenujte QR kód v aplikaci své banky, nebo zadejte údaje ručně. Bez správného variabilního symbolu platbu nepřiřadíme automaticky."]);
        return pdf.Build();
    }

    public static byte[] Receipt(Payment p, IStringLocalizer<PaymentsText> t, TownClock clock, string townName)
    {
        var pdf = Builder(townName, t["Potvrzení o platbě"], p.PaidAt ?? p.CreatedAt, t)
            .Fields(
            [
                (t["Plátce"], p.PayerName ?? string.Empty),
                (t["Za co"], p.Description),
                (t["Částka"], Czk.Format(p.Amount)),
                (t["Variabilní symbol"], p.Symbols is { Length: > 0 } symbols ? symbols : "–"),
                (t["Způsob"], t["channel:" + p.Channel] + (p.GatewayTransactionId is null ? string.Empty : " · " + p.GatewayTransactionId) + (p.BookedOn is null ? string.Empty : " · " + t["připsáno na účet"] + " " + clock.FormatDate(p.BookedOn.Value))),
                (t["Stav"], t["state:" + p.State]),
                (t["Přijato"], p.PaidAt is { } at ? clock.FormatSeconds(at) : "–"),
                (t["Číslo platby"], p.ReceiptNumber(clock.Zone)),
            ]);
        if (p.Parts.Count > 0)
        {
            pdf.Heading2(t["Platba uhradila"]);
            pdf.Fields(p.Parts.Select(x => (x.Description, $"{Czk.Format(x.Amount)} · {t["Variabilní symbol"]} {x.VariableSymbol}")));
        }

        return pdf.Build();
    }

    private static PdfDocumentBuilder Builder(string townName, string name, DateTimeOffset at, IStringLocalizer<PaymentsText> t) =>
        new(townName, name, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "cs", at,
            (page, pages) => string.Format(CultureInfo.InvariantCulture, t["strana {0} z {1}"], page, pages));
}
