using System.Net;
using Microsoft.Playwright;
using Portal.Payments.Statements;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>
/// The clerks' pages the hardening changed, in a real browser through axe and the 320 px reflow check: the register
/// with arrival times and the sender's identification, a case with the citizen's answer above the steps and errors at
/// their fields, the fees clerk's pairing proposals, and a queued payment that says whose symbol it is before it moves.
/// </summary>
public sealed class ClerkHardeningJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    [Fact]
    public async Task The_filing_clerk_reads_who_was_verified_finds_the_answer_first_and_errors_at_their_fields()
    {
        var (citizen, _) = await app.CitizenAsync("Jana Dvořáková");
        var (id, revision) = await citizen.ReadyGeneralSubmissionAsync("Žádost o kopii smlouvy");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        await app.RegisteredAsync(id);
        var (clerkApi, _) = await app.StaffAccountAsync(["filing"], formManager: false);
        await clerkApi.StepAsync(id, "Start");
        await clerkApi.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Přiložte prosím smlouvu." });
        var detail = await citizen.GetAsync($"/Submissions/{id}");
        await citizen.SubmitAsync(detail, "main form", new Dictionary<string, string?> { ["Answer"] = "Smlouvu přikládám poštou." });

        var page = await app.NewPageAsync(clerkApi);
        await page.GotoAsync("/Filing/Register");
        await Expect(page.GetByTestId("register").GetByTestId("identification").First).ToContainTextAsync("neověřeno");
        await BrowserFixture.Shot(page, "register-identification");

        await page.GotoAsync("/Filing/Inbox");
        await Expect(page.GetByTestId("answered")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "inbox-answered");
        await page.GotoAsync($"/Filing/Case/{id}");
        await Expect(page.GetByTestId("citizen-answer")).ToContainTextAsync("Smlouvu přikládám poštou.");
        await Expect(page.GetByTestId("identification")).ToContainTextAsync("neověřeno – jen e-mail a heslo");
        await page.Locator("[data-testid=outcome-Approved]").CheckAsync();
        await page.GetByTestId("decide").ClickAsync();
        await Expect(page.GetByTestId("decide-text-error")).ToBeVisibleAsync();
        await page.Locator(".error-summary a[href='#decide-text']").ClickAsync();
        await Expect(page.Locator("#decide-text")).ToBeFocusedAsync();
        await BrowserFixture.Shot(page, "case-answer-and-error");
        citizen.Dispose();
        clerkApi.Dispose();
    }

    [Fact]
    public async Task The_fees_clerk_confirms_a_proposed_pairing_and_a_queued_payment_says_whose_symbol_it_is()
    {
        var (clerkApi, _) = await app.StaffAccountAsync(["fees"], formManager: false);
        var created = await clerkApi.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "psi",
            payerName = "Otakar Shodný",
            payerBirthDate = "1958-08-18",
            address = "Za Humny 5, 100 00 Město Demo",
            from = $"{Year}-01-01",
            subjects = new[] { new { name = "Ben", from = $"{Year}-01-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (citizen, _) = await app.NiaCitizenAsync("Otakar", "Shodný", "1958-08-18", address: "Jiná 1, 110 00 Praha");

        var page = await app.NewPageAsync(clerkApi);
        await page.GotoAsync("/Fees/Registrations");
        for (var i = 0; i < 40 && await page.GetByTestId("pairing").CountAsync() == 0; i++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        await Expect(page.GetByTestId("pairings")).ToContainTextAsync("Jiná 1, 110 00 Praha");
        await BrowserFixture.Shot(page, "pairing-proposals");
        await page.GetByTestId("pairing").Filter(new() { HasText = "Otakar Shodný" }).GetByTestId("confirm-pairing").ClickAsync();
        await Expect(page.GetByTestId("done")).ToBeVisibleAsync();
        var fees = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<System.Text.Json.JsonElement[]>("/api/fees/mine") is { Length: 1 } list ? list : null);
        var vs = fees[0].GetProperty("variableSymbol").GetString()!;

        // A credit without a symbol waits; the clerk types the symbol and is told whose it is before anything moves.
        var import = await clerkApi.UploadStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 31, DateOnly.FromDateTime(DateTime.UtcNow),
            [new GpcItem(600m, Posting.Credit, null, Text: "Shodny pes")]), "shodny.gpc");
        await clerkApi.ImportFinishedAsync(import);
        await page.GotoAsync($"/Payments/Statements/{import}");
        await Expect(page.GetByTestId("lines")).ToContainTextAsync("čeká na přiřazení");
        await BrowserFixture.Shot(page, "statement-lines");
        await page.GotoAsync("/Payments/Unassigned");
        var row = page.Locator("[data-testid=queue] tbody tr", new() { HasText = "Shodny pes" });
        await row.Locator("input[name=variableSymbol]").FillAsync(vs);
        await row.GetByTestId("assign").ClickAsync();
        await Expect(page.GetByTestId("confirm-assign")).ToContainTextAsync("Otakar Shodný");
        await BrowserFixture.Shot(page, "unassigned-confirm");
        await page.GetByTestId("confirm-assign-button").ClickAsync();
        await Expect(page.GetByTestId("resolved")).ToContainTextAsync(vs);
        citizen.Dispose();
        clerkApi.Dispose();
    }
}
