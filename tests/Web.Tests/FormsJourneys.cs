using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>Forms and the filing office in a real browser: a form over two sessions, a submission walked to a decision.</summary>
public sealed class FormsJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Fill_the_dog_fee_form_over_two_sessions_and_see_the_reference_number()
    {
        var (_, email) = await app.CitizenAsync("Věra Pejsková");
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "Formuláře" }).First.ClickAsync();
        await page.GetByTestId("start-poplatek-psi").ClickAsync();
        await Expect(page.GetByLabel("Jméno a příjmení")).ToHaveValueAsync("Věra Pejsková");
        await page.GetByLabel("Ulice a číslo").FillAsync("Lipová 12");
        await page.GetByLabel("Obec").FillAsync("Město Demo");
        await page.GetByLabel("PSČ").FillAsync("100 00");
        await page.GetByTestId("next").ClickAsync();

        await page.GetByLabel("Jméno psa").FillAsync("Rex");
        await page.GetByLabel("Plemeno").FillAsync("kříženec");
        await page.GetByLabel("Číslo čipu").FillAsync("2031");

        // Enter in a field continues (it does not add another dog, the first button of the step in the page's order).
        await page.GetByLabel("Číslo čipu").PressAsync("Enter");
        await Expect(page.Locator("#f-psi-0-cip-error")).ToContainTextAsync("15 číslic");
        await Expect(page.Locator("#f-psi-1-jmeno")).ToHaveCountAsync(0);
        await BrowserFixture.Shot(page, "dog-form-error");
        await page.GetByLabel("Číslo čipu").FillAsync("203164000123456");
        await page.GetByLabel("Držitelem od").FillAsync("1. 3. 2026");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Odhlásit se" }).ClickAsync();
        await BrowserFixture.SignInAsync(page, email);
        await page.GotoAsync("/Forms");
        await page.GetByTestId("drafts").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByLabel("Jméno psa")).ToHaveValueAsync("Rex");
        await Expect(page.GetByLabel("Držitelem od")).ToHaveValueAsync("1. 3. 2026");
        await page.GetByTestId("next").ClickAsync();

        // The proof upload depends on claiming a reduction: it appears the moment the box is ticked, before saving.
        await Expect(page.GetByLabel("Doklad o nároku")).ToBeHiddenAsync();
        await page.GetByLabel("Sníženou sazbu").CheckAsync();
        await Expect(page.GetByLabel("Doklad o nároku")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "dog-form-reduction");
        await page.GetByLabel("Sníženou sazbu").UncheckAsync();
        await Expect(page.GetByLabel("Doklad o nároku")).ToBeHiddenAsync();
        await page.GetByTestId("next").ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("203164000123456");
        await BrowserFixture.Shot(page, "dog-form-summary");
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("reference-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^MDEMO \d+/\d{4}$"), new() { Timeout = 15_000 });
        await BrowserFixture.Shot(page, "dog-form-sent");
    }

    [Fact]
    public async Task A_general_submission_with_the_keyboard_alone_and_focus_on_the_errors()
    {
        var (_, email) = await app.CitizenAsync("Klára Klávesová");
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);
        await page.GotoAsync("/Forms");
        await page.GetByTestId("start-obecne-podani").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Ulice a číslo")).ToBeVisibleAsync();

        // Tab from the top of the form walks the fields in reading order.
        await page.GetByLabel("Jméno a příjmení").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Datum narození")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("E-mail")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Ulice a číslo")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Klávesová 1");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Město Demo");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("1000");

        // Enter submits "Pokračovat"; the bad postcode moves the focus to the error summary, whose link leads to the field.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("– PSČ");
        await BrowserFixture.Shot(page, "keyboard-error-summary");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#f-adresa-zip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("100 00");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Věc" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_citizens_pages_in_English_pass_the_same_checks()
    {
        var (_, email) = await app.CitizenAsync("Emma English");
        var page = await app.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=en|uic=en", Url = app.BaseAddress.ToString() }]);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Hello, Emma English");
        await BrowserFixture.Shot(page, "en-home");
        await page.GotoAsync("/Forms");
        await BrowserFixture.Shot(page, "en-forms");
        await page.GetByTestId("start-poplatek-psi").ClickAsync();
        await page.GetByTestId("next").ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await BrowserFixture.Shot(page, "en-form-errors");
        await page.GotoAsync("/Submissions");
        await BrowserFixture.Shot(page, "en-submissions");
        await page.GotoAsync("/Fees");
        await BrowserFixture.Shot(page, "en-fees-unverified");
    }

    [Fact]
    public async Task A_clerk_asks_for_completion_the_citizen_answers_the_clerk_approves_and_the_citizen_sees_the_timeline()
    {
        var (citizenApi, email) = await app.CitizenAsync("Ota Kácel");
        citizenApi.Dispose();
        var citizen = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(citizen, email);
        await citizen.GotoAsync("/Forms");
        await citizen.GetByTestId("start-obecne-podani").ClickAsync();
        await citizen.GetByLabel("Ulice a číslo").FillAsync("Zahradní 7");
        await citizen.GetByLabel("Obec").FillAsync("Město Demo");
        await citizen.GetByLabel("PSČ").FillAsync("100 00");
        await citizen.GetByTestId("next").ClickAsync();
        await citizen.GetByLabel("Stavební úřad").CheckAsync();
        await citizen.GetByRole(AriaRole.Textbox, new() { Name = "Věc" }).FillAsync("Ořez lípy u domu");
        await citizen.GetByLabel("Text podání").FillAsync("Žádám o posouzení ořezu lípy, která zasahuje do střechy.");
        await citizen.GetByTestId("next").ClickAsync();
        await citizen.GetByTestId("submit").ClickAsync();
        await Expect(citizen.GetByTestId("reference-number")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var reference = await citizen.GetByTestId("reference-number").TextContentAsync();

        using var clerkApi = await app.ClerkAsync("building");
        var clerk = await app.NewPageAsync(clerkApi);
        await clerk.GotoAsync("/Filing/Inbox?agenda=building");
        await clerk.GetByRole(AriaRole.Link, new() { Name = reference! }).ClickAsync();
        await clerk.GetByTestId("start").ClickAsync();
        await clerk.GetByLabel("Co má občan doplnit").FillAsync("Přiložte prosím fotografii stromu.");
        await clerk.GetByTestId("request-completion").ClickAsync();
        await Expect(clerk.GetByTestId("status")).ToHaveTextAsync("čeká na doplnění");

        await citizen.GotoAsync("/Submissions");
        await citizen.GetByRole(AriaRole.Link, new() { Name = reference! }).ClickAsync();
        await Expect(citizen.GetByTestId("timeline")).ToContainTextAsync("Přiložte prosím fotografii stromu.");
        await citizen.GetByLabel("Vaše odpověď").FillAsync("Fotografii posílám e-mailem, lípa má obvod 180 cm.");
        await citizen.GetByTestId("answer").ClickAsync();
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("vyřizuje se");

        await clerk.ReloadAsync();
        await clerk.GetByTestId("outcome-Approved").CheckAsync();
        await clerk.GetByLabel("Odůvodnění rozhodnutí").FillAsync("Ořez se povoluje v rozsahu podle žádosti.");
        await clerk.GetByTestId("decide").ClickAsync();
        await Expect(clerk.GetByTestId("confirm")).ToContainTextAsync("vyhověno");
        await BrowserFixture.Shot(clerk, "clerk-case-confirm");
        await clerk.GetByTestId("confirm-decision").ClickAsync();
        await Expect(clerk.GetByTestId("status")).ToHaveTextAsync("rozhodnuto – vyhověno");
        await BrowserFixture.Shot(clerk, "clerk-case-decided");

        await citizen.ReloadAsync();
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("rozhodnuto – vyhověno");
        await Expect(citizen.GetByTestId("decision")).ToContainTextAsync("Ořez se povoluje");
        await Expect(citizen.GetByTestId("timeline")).ToContainTextAsync("Vyhověno");
        await Expect(citizen.GetByTestId("timeline")).ToContainTextAsync("Doplněno občanem");
        await BrowserFixture.Shot(citizen, "citizen-timeline");
    }
}
