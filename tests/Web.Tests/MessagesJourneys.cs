using System.Net;
using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>The message centre in a real browser: a request for completion read and answered, the decision downloaded as PDF.</summary>
public sealed class MessagesJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_reads_a_request_in_the_message_centre_answers_it_and_downloads_the_decision()
    {
        var (api, email) = await app.CitizenAsync("Hana Zprávová");
        var (id, revision) = await api.ReadyGeneralSubmissionAsync("Žádost o vyjádření k plotu");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        await app.RegisteredAsync(id);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(id, "Start");
        await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Přiložte prosím nákres plotu s rozměry." });
        await Wait.UntilAsync(async () => (await api.GetJsonAsync<System.Text.Json.JsonElement>("/api/messages")).GetProperty("unread").GetInt32() >= 3 ? new object() : null);

        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);
        await Expect(page.GetByTestId("unread-count")).ToContainTextAsync("3");
        await page.GetByTestId("messages-link").ClickAsync();
        var request = page.Locator("[data-kind=completion-requested]");
        await Expect(request).ToContainTextAsync("Přiložte prosím nákres plotu s rozměry.");
        await BrowserFixture.Shot(page, "messages");

        await request.GetByRole(AriaRole.Link, new() { Name = "Odpovědět úřadu" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Submissions/{id}#answer$"));
        await page.GetByLabel("Vaše odpověď").FillAsync("Nákres posílám, plot bude vysoký 1,5 m.");
        await page.GetByTestId("answer").ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("vyřizuje se");
        await Expect(page.GetByTestId("unread-count")).ToContainTextAsync("2");

        // The answered request no longer waits for the citizen in the message centre.
        // (The message centre hears of the answer through the outbox: a moment later.)
        await page.GetByTestId("messages-link").ClickAsync();
        for (var i = 0; i < 30 && await page.Locator("[data-kind=completion-requested] [data-testid=resolved]").CountAsync() == 0; i++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        await Expect(page.Locator("[data-kind=completion-requested]").GetByTestId("resolved")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-kind=completion-requested]").GetByTestId("waiting")).ToHaveCountAsync(0);
        await BrowserFixture.Shot(page, "messages-answered");

        await clerk.DecideAsync(id, "Approved", "Plot v navržené podobě je v souladu s územním plánem.");
        await Wait.UntilAsync(async () => (await api.GetJsonAsync<System.Text.Json.JsonElement>("/api/messages")).GetProperty("items").EnumerateArray().Any(m => m.GetProperty("kind").GetString() == "submission-decided") ? new object() : null);
        await page.GetByTestId("messages-link").ClickAsync();
        await Expect(page.Locator("[data-kind=submission-decided]")).ToContainTextAsync("vyhověno");
        await page.GetByTestId("mark-all").ClickAsync();
        await Expect(page.GetByTestId("messages-status")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unread-count")).ToHaveCountAsync(0);
        await page.Locator("[data-kind=submission-decided]").GetByRole(AriaRole.Link, new() { Name = "Zobrazit rozhodnutí" }).ClickAsync();
        await Expect(page.GetByTestId("decision")).ToContainTextAsync("územním plánem");
        await BrowserFixture.Shot(page, "submission-decided");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("decision-pdf").ClickAsync());
        var pdf = Pdfs.Read(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal("2", pdf.PdfAPart);
        Assert.Contains("Plot v navržené podobě je v souladu s územním plánem.", pdf.Text, StringComparison.Ordinal);

        await page.GotoAsync("/Messages/Settings");
        await page.GetByLabel("Jen zprávy, které po mně něco žádají").First.CheckAsync();
        await page.GetByTestId("save-settings").ClickAsync();
        await Expect(page.GetByTestId("settings-status")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "message-settings");
    }

    [Fact]
    public async Task The_fees_clerk_reads_the_arrears_list()
    {
        using var api = await app.ClerkAsync("fees");
        var page = await app.NewPageAsync(api);
        var created = await api.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "psi",
            payerName = "Vilém Dlužný",
            payerBirthDate = "1955-05-05",
            address = "Polní 9, 100 00 Město Demo",
            from = $"{DateTime.UtcNow.Year}-01-01",
            subjects = new[] { new { name = "Brok", from = $"{DateTime.UtcNow.Year}-01-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await page.GotoAsync("/Fees/Manage");
        await page.GetByTestId("arrears-link").ClickAsync();
        await Expect(page.GetByTestId("arrears")).ToContainTextAsync("Vilém Dlužný");
        await BrowserFixture.Shot(page, "arrears");
    }
}
