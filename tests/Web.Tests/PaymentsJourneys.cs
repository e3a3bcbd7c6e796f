using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Payments.Statements;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>Fees and payments in a real browser: a fee paid by card through the gateway, a bank transfer from a statement.</summary>
public sealed partial class PaymentsJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    /// <summary>A payer on the town's register (entered by a fees clerk), with one dog for this year.</summary>
    private async Task RegisterPayer(string name, string born, string dog)
    {
        using var clerk = await app.ClerkAsync("fees");
        var created = await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "psi",
            payerName = name,
            payerBirthDate = born,
            address = "Náměstí 1, 100 00 Město Demo",
            from = $"{Year}-01-01",
            subjects = new[] { new { name = dog, from = $"{Year}-01-01" } },
        });
        created.EnsureSuccessStatusCode();
    }

    /// <summary>Signs in through the NIA emulator as a person typed in (not one of its demo persons).</summary>
    private async Task<IPage> SignInThroughNia(string given, string family, string born)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("nia-signin").ClickAsync();
        await page.Locator("input[name='emulator.person'][value='']").CheckAsync();
        await page.Locator("input[name='emulator.given']").FillAsync(given);
        await page.Locator("input[name='emulator.family']").FillAsync(family);
        await page.Locator("input[name='emulator.dob']").FillAsync(born);
        await page.Locator("input[name='emulator.pid']").FillAsync("CZ/CZ/" + Guid.NewGuid().ToString("N"));
        await page.Locator("input[name='emulator.address']").FillAsync("Náměstí 1, 100 00 Město Demo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Přihlásit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$")); // a citizen lands home
        await page.GotoAsync("/Account/Profile");
        await Expect(page.GetByTestId("profile-verification")).ToContainTextAsync("Přihlášeni přes národní identitu (NIA)");
        return page;
    }

    /// <summary>The payer is paired with the account right after the NIA sign-in, by a message: look until the fee shows.</summary>
    private static async Task OpenFees(IPage page)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.GotoAsync("/Fees");
            if (await page.Locator("[data-testid^='obligation-']").CountAsync() > 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("No fee appeared on /Fees.");
    }

    [Fact]
    public async Task A_verified_citizen_pays_two_fees_with_one_card_payment()
    {
        await RegisterPayer("Bohdan Dvojitý", "1968-08-08", "Azor");
        await RegisterPayer("Bohdan Dvojitý", "1968-08-08", "Bára");
        var page = await SignInThroughNia("Bohdan", "Dvojitý", "1968-08-08");
        await OpenFees(page);
        for (var i = 0; i < 40 && await page.Locator("[data-testid^='obligation-']").CountAsync() < 2; i++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        await page.GetByTestId("pay-all").ClickAsync();
        await Expect(page.GetByTestId("chosen").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("1\u00a0200,00\u00a0Kč");
        await BrowserFixture.Shot(page, "pay-several");
        await page.GetByTestId("pay-combined").ClickAsync();
        await Expect(page.GetByTestId("amount")).ToContainTextAsync("1\u00a0200,00");
        await page.GetByTestId("pay").ClickAsync();
        await Expect(page.GetByTestId("paid")).ToContainTextAsync("Děkujeme");
        await page.GotoAsync("/Fees");
        await Expect(page.GetByTestId("remaining").First).ToContainTextAsync(new Regex("^0,00"), new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("remaining").Last).ToContainTextAsync(new Regex("^0,00"), new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task A_verified_citizen_pays_a_fee_by_card_and_sees_it_paid()
    {
        await RegisterPayer("Magdalena Karetní", "1975-05-05", "Bobík");
        var page = await SignInThroughNia("Magdalena", "Karetní", "1975-05-05");

        await OpenFees(page);
        await Expect(page.GetByTestId("fees")).ToContainTextAsync("Bobík");
        await BrowserFixture.Shot(page, "fees-overview");

        // The home page answers "what do I owe": the sum, and a way to pay.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("owed")).ToHaveTextAsync("600,00\u00a0Kč");
        await BrowserFixture.Shot(page, "citizen-home");
        await page.GetByTestId("pay").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "QR platba a údaje k platbě" }).ClickAsync();
        await Expect(page.GetByTestId("qr")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("amount")).ToContainTextAsync("600,00");
        var paymentUrl = page.Url;
        await BrowserFixture.Shot(page, "payment-instruction");

        await page.GetByTestId("pay-card").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Platební brána – emulátor ComGate" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("amount")).ToContainTextAsync("600,00");
        await BrowserFixture.Shot(page, "gateway-emulator");
        await page.GetByTestId("pay").ClickAsync();

        await Expect(page.GetByTestId("paid")).ToContainTextAsync("Děkujeme");
        await BrowserFixture.Shot(page, "card-paid");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zpět na moje poplatky" }).ClickAsync();
        await Expect(page.GetByTestId("remaining")).ToContainTextAsync(new Regex("^0,00"), new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Moje platby" }).First.ClickAsync();
        await Expect(page.GetByTestId("payment-card").GetByTestId("state")).ToHaveTextAsync("zaplaceno");
        await BrowserFixture.Shot(page, "payment-history-card");

        // The payment page of the paid fee says so and leads to the receipt, on a 320 px phone without sideways scroll.
        await page.SetViewportSizeAsync(320, 640);
        await page.GotoAsync(paymentUrl);
        await Expect(page.GetByTestId("paid")).ToContainTextAsync("zaplacený");
        await Expect(page.GetByTestId("receipts")).ToBeVisibleAsync();
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + (e.getAttribute('data-testid') || '') + ':' + Math.round(e.getBoundingClientRect().right)).join(' | ')");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320"), "the paid payment page scrolls sideways at 320 px: " + wide);
        await BrowserFixture.Shot(page, "payment-instruction-paid-320");
    }

    [Fact]
    public async Task A_payment_matched_from_the_clerks_statement_appears_in_the_citizens_history()
    {
        await RegisterPayer("Václav Převodní", "1968-08-08", "Rek");
        var citizen = await SignInThroughNia("Václav", "Převodní", "1968-08-08");
        await OpenFees(citizen);
        var vs = (await citizen.Locator("[data-testid^='obligation-']").First.GetAttributeAsync("data-testid"))!["obligation-".Length..];

        // The fees clerk imports the bank's statement on the portal's page.
        using var clerkApi = await app.ClerkAsync("fees");
        var clerkEmail = await Email(clerkApi);
        var clerk = await app.NewPageAsync();
        await clerk.GotoAsync("/Account/Login");
        await clerk.GetByLabel("E-mail").FillAsync(clerkEmail);
        await clerk.GetByLabel("Heslo").FillAsync(Accounts.Password);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Přihlásit se" }).ClickAsync();
        await clerk.GotoAsync("/Payments/Statements");
        var statement = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 12, DateOnly.FromDateTime(DateTime.UtcNow),
            [new GpcItem(600m, Posting.Credit, vs, Text: "Vaclav Prevodni")]);
        await clerk.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "vypis.gpc", MimeType = "text/plain", Buffer = statement });
        await clerk.GetByTestId("upload").ClickAsync();
        await Expect(clerk.GetByTestId("import-status")).ToContainTextAsync("dokončeno", new() { Timeout = 15_000 });
        await Expect(clerk.GetByTestId("matched")).ToContainTextAsync("1 (600,00");
        await BrowserFixture.Shot(clerk, "statement-report");

        await citizen.GotoAsync("/Payments");
        await Expect(citizen.GetByTestId("payment-bank-transfer").GetByTestId("state")).ToHaveTextAsync("zaplaceno");
        await BrowserFixture.Shot(citizen, "payment-history-transfer");
        await citizen.GotoAsync("/Fees");
        await Expect(citizen.GetByTestId("remaining")).ToContainTextAsync(new Regex("^0,00"), new() { Timeout = 15_000 });
    }

    private static async Task<string> Email(PortalClient client)
    {
        var me = await client.GetJsonAsync<System.Text.Json.JsonElement>("/api/identity/me");
        return me.GetProperty("email").GetString()!;
    }
}
