using System.Globalization;
using System.Net;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Forms.Contracts;
using Portal.Shared;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Filing.Tests;

/// <summary>The receipt and the decision notice as PDF/A: read back, their text, fonts, identification; the same bytes for the same content.</summary>
public sealed class DocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_citizen_downloads_the_receipt_and_the_decision_and_the_clerk_the_decision_as_PDF_A()
    {
        var (citizen, _) = await app.CitizenAsync("Žofie Řeháčková");
        var (id, revision) = await citizen.ReadyGeneralSubmissionAsync("Žádost o kopii smlouvy č. 5", "Prosím o zaslání kopie smlouvy o nájmu hrobového místa.");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        var submission = await app.RegisteredAsync(id);

        var detail = await citizen.GetAsync($"/Submissions/{id}");
        var receiptLink = detail.Document.QuerySelector("[data-testid=receipt-pdf]")!.GetAttribute("href")!;
        var receipt = await citizen.Http.GetAsync(receiptLink);
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType!.MediaType);
        var bytes = await receipt.Content.ReadAsByteArrayAsync();
        var pdf = Pdfs.Read(bytes);
        Assert.Equal("2", pdf.PdfAPart);
        Assert.Equal("B", pdf.PdfAConformance);
        Assert.True(pdf.AllFontsEmbedded);
        Assert.True(pdf.Tagged);
        Assert.All(pdf.Fonts, f => Assert.Contains("DejaVu Sans", f, StringComparison.Ordinal));
        Assert.Contains("Potvrzení o přijetí podání " + submission.ReferenceNumber, pdf.Text, StringComparison.Ordinal);
        Assert.Contains(submission.Identifier, pdf.Text, StringComparison.Ordinal);
        Assert.Contains("Žofie Řeháčková", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("(čas v Praze)", pdf.Text, StringComparison.Ordinal);
        var delivered = TimeZoneInfo.ConvertTime(submission.DeliveredAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague"));
        Assert.Contains(delivered.ToString("d. M. yyyy H:mm:ss", CultureInfo.InvariantCulture), pdf.Text, StringComparison.Ordinal);
        Assert.Contains(submission.Digest[..40], pdf.Text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        // The form's content as the citizen filled it, by label.
        Assert.Contains("Žádost o kopii smlouvy č. 5", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("hrobového místa", pdf.Text, StringComparison.Ordinal);
        Assert.Contains("strana 1 z ", pdf.PageTexts[0], StringComparison.Ordinal);
        Assert.Equal(bytes, await citizen.Http.GetByteArrayAsync(receiptLink));

        // No decision yet: no notice.
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.Http.GetAsync($"/Submissions/{id}/rozhodnuti.pdf")).StatusCode);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(id, "Start");
        await clerk.DecideAsync(id, "PartlyApproved", "Kopii zašleme, osobní údaje třetích osob znečitelníme.");

        var decided = await citizen.GetAsync($"/Submissions/{id}");
        var notice = Pdfs.Read(await citizen.Http.GetByteArrayAsync(decided.Document.QuerySelector("[data-testid=decision-pdf]")!.GetAttribute("href")!));
        Assert.Equal("2", notice.PdfAPart);
        Assert.True(notice.AllFontsEmbedded);
        Assert.Contains("Rozhodnutí " + submission.ReferenceNumber, notice.Text, StringComparison.Ordinal);
        Assert.Contains("Žádosti se vyhovuje částečně.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("osobní údaje třetích osob znečitelníme", notice.Text, StringComparison.Ordinal);
        Assert.Contains("do 15 dnů", notice.Text, StringComparison.Ordinal);

        var casePage = await clerk.GetAsync($"/Filing/Case/{id}");
        var clerkCopy = await clerk.Http.GetByteArrayAsync(casePage.Document.QuerySelector("[data-testid=decision-pdf]")!.GetAttribute("href")!);
        Assert.Contains("Žádosti se vyhovuje částečně.", Pdfs.Read(clerkCopy).Text, StringComparison.Ordinal);

        // Nobody else: another citizen, a clerk of another agenda.
        var (stranger, _) = await app.CitizenAsync("Cizí Občan");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(receiptLink)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/Submissions/{id}/rozhodnuti.pdf")).StatusCode);
        using var registry = await app.ClerkAsync("registry");
        Assert.Equal(HttpStatusCode.NotFound, (await registry.Http.GetAsync($"/Filing/Case/{id}/rozhodnuti.pdf")).StatusCode);
    }

    /// <summary>Fixed content, fixed bytes: the snapshot holds the file's SHA-256 and its text in both languages.</summary>
    [Fact]
    public void The_same_submission_gives_the_same_document_bytes()
    {
        var submission = new Submission
        {
            Id = Guid.Parse("0195f3c4-0000-7000-8000-000000000001"),
            ReferenceNumber = "MDEMO 42/2026",
            Identifier = "MDEMOX00042",
            DeliveredAt = new DateTimeOffset(2026, 3, 29, 0, 30, 5, TimeSpan.Zero),
            FormCode = "obecne-podani",
            FormVersion = 1,
            FormTitle = "Obecné podání",
            CitizenName = "Jiří Šťastný",
            Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            Outcome = Outcome.Approved,
            Approved = true,
            Justification = "Žádosti se vyhovuje v plném rozsahu.",
            DecidedAt = new DateTimeOffset(2026, 4, 2, 9, 15, 0, TimeSpan.Zero),
        };
        var view = new SubmissionView(submission, [new TimelineEntry(submission.DecidedAt.Value, "approved", "Jana Úřednice", submission.Justification)],
            [new DescribedSection("Věc", [new DescribedValue("Předmět", "Kopie smlouvy"), new DescribedValue("Text", "Prosím o kopii.\nDěkuji.")])]);
        var clock = new TownClock(TimeProvider.System, Options.Create(new PortalOptions()));
        var t = app.Service<IStringLocalizer<FilingText>>();

        var result = new Dictionary<string, object>();
        foreach (var language in new[] { "cs", "en" })
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            try
            {
                var receipt = SubmissionDocuments.Receipt(view, t, clock, "Město Demo");
                var decision = SubmissionDocuments.Decision(view, t, clock, "Město Demo")!;
                Assert.Equal(receipt, SubmissionDocuments.Receipt(view, t, clock, "Město Demo"));
                result[language] = new
                {
                    Receipt = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(receipt)),
                    ReceiptText = Pdfs.Read(receipt).PageTexts,
                    Decision = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(decision)),
                    DecisionText = Pdfs.Read(decision).PageTexts,
                };
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        Snapshot.Match(result);
    }
}
