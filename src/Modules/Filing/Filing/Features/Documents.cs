using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Filing.Domain;
using Portal.Shared;
using Portal.Shared.Documents;

namespace Portal.Filing.Features;

/// <summary>
/// The documents a submission leaves with the citizen and the office, as PDF/A: the receipt (what was delivered, when,
/// under which number, its digest, and the form's content by label) and the decision notice. Drawn in the reader's
/// language from the submission alone, so the same submission gives the same bytes.
/// </summary>
public static class SubmissionDocuments
{
    public static byte[] Receipt(SubmissionView view, IStringLocalizer<FilingText> t, TownClock clock, string townName)
    {
        var s = view.Submission;
        var pdf = Builder(townName, t["Potvrzení o přijetí podání"] + " " + s.ReferenceNumber, s.DeliveredAt, t)
            .Fields(
            [
                (t["Číslo jednací"], s.ReferenceNumber),
                (t["Identifikátor dokumentu"], s.Identifier),
                (t["Podání"], $"{s.FormTitle} ({s.FormCode}, {t["verze"]} {s.FormVersion})"),
                (t["Podatel"], s.CitizenName),
                (t["Ověření podatele"], SubmissionState.Identification(s, t)),
                (t["Doručeno"], clock.FormatSeconds(s.DeliveredAt) + " (" + t["čas v Praze"] + ")"),
                (t["Přílohy"], s.Attachments.Count == 0 ? "–" : string.Join(", ", s.Attachments.Select(a => $"{a.FileName} ({Math.Max(1, a.Size / 1024)} kB, SHA-256 {a.Sha256.ToLowerInvariant()})"))),
                (t["Otisk obsahu (SHA-256)"], s.Digest),
            ])
            .Paragraph(t["Otisk obsahu je kontrolní součet SHA-256 odeslaných údajů a příloh: kdokoli ho může ověřit proti záznamu v podacím deníku."]);
        pdf.Heading2(t["Obsah podání"]);
        foreach (var section in view.Content)
        {
            pdf.Heading2(section.Title);
            pdf.Fields(section.Items.Select(i => (i.Label, i.Files is { Count: > 0 } files ? string.Join(", ", files.Select(f => f.FileName)) : i.Value)));
        }

        return pdf.Build();
    }

    /// <summary>The decision notice; null while the submission is not decided.</summary>
    public static byte[]? Decision(SubmissionView view, IStringLocalizer<FilingText> t, TownClock clock, string townName)
    {
        var s = view.Submission;
        if (s.DecisionOutcome() is not { } outcome || s.DecidedAt is not { } decidedAt)
        {
            return null;
        }

        var clerk = view.Timeline.LastOrDefault(e => e.Kind is "approved" or "partly-approved" or "rejected")?.Who ?? s.ClerkName ?? string.Empty;
        var result = outcome switch
        {
            Outcome.Approved => t["Žádosti se vyhovuje."],
            Outcome.PartlyApproved => t["Žádosti se vyhovuje částečně."],
            _ => t["Žádost se zamítá."],
        };
        return Builder(townName, t["Rozhodnutí"] + " " + s.ReferenceNumber, decidedAt, t)
            .Fields(
            [
                (t["Číslo jednací"], s.ReferenceNumber),
                (t["Datum rozhodnutí"], clock.FormatDate(clock.DateOf(decidedAt))),
                (t["Věc"], s.FormTitle),
                (t["Účastník řízení"], s.CitizenName),
                (t["Podání doručeno"], clock.FormatSeconds(s.DeliveredAt)),
            ])
            .Heading2(t["Výrok"])
            .Paragraph(result)
            .Heading2(t["Odůvodnění"])
            .Paragraph(s.Justification ?? string.Empty)
            .Heading2(t["Poučení"])
            .Paragraph(t["Proti tomuto rozhodnutí se lze odvolat do 15 dnů ode dne jeho oznámení (§ 83 správního řádu) podáním u úřadu, který rozhodnutí vydal."])
            .Fields([(t["Vyřizuje"], clerk), (t["Úřad"], townName)])
            .Build();
    }

    private static PdfDocumentBuilder Builder(string townName, string name, DateTimeOffset at, IStringLocalizer<FilingText> t) =>
        new(townName, name, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "cs", at,
            (page, pages) => string.Format(CultureInfo.InvariantCulture, t["strana {0} z {1}"], page, pages));
}
