using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>Citizen journeys in a real browser: register and verify, sign in through NIA, switch language.</summary>
public sealed class SignInJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_accessibility_check_of_every_screenshot_fails_on_a_violation()
    {
        // The check every journey's screenshot runs (axe, WCAG 2.0-2.2 A/AA) passes the sign-in page as it is and
        // fails it once an image without a text alternative and an unlabelled field are put in.
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await BrowserFixture.AssertAccessibleAsync(page, "sign-in page");
        await page.EvaluateAsync("() => { const m = document.querySelector('main'); m.insertAdjacentHTML('beforeend', '<img src=\"/favicon.svg\"><input type=\"text\">'); }");
        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => BrowserFixture.AssertAccessibleAsync(page, "sign-in page, damaged"));
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("label", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_verify_by_the_email_link_sign_in_and_see_the_profile()
    {
        var page = await app.NewPageAsync();
        var email = $"lucie.{Guid.NewGuid():N}@example.cz";
        const string password = "Modrá konvice na okně 2026";

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Registrovat se" }).First.ClickAsync();
        await page.GetByLabel("Jméno a příjmení").FillAsync("Lucie Horáková");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Heslo").FillAsync("krátké");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zaregistrovat se" }).ClickAsync();
        await Expect(page.Locator("#Input_Password-error")).ToContainTextAsync("alespoň 12 znaků");
        await BrowserFixture.Shot(page, "register-error");

        await page.GetByLabel("Heslo").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zaregistrovat se" }).ClickAsync();
        await Expect(page.GetByTestId("register-done")).ToBeVisibleAsync();

        // The e-mail, read on the development mail page, and its link clicked.
        await app.Mail.WaitForAsync(email);
        await page.GotoAsync("/Dev/Mail?to=" + Uri.EscapeDataString(email));
        await page.GetByTestId("mail-link").First.ClickAsync();
        await page.GetByTestId("verify-confirm").ClickAsync();
        await Expect(page.GetByTestId("verify-ok")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "email-verified");

        await page.GetByRole(AriaRole.Link, new() { Name = "Přihlásit se" }).Last.ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Heslo").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Přihlásit se" }).ClickAsync();
        await page.GetByTestId("profile-link").ClickAsync();
        await Expect(page.GetByTestId("profile-name")).ToHaveTextAsync("Lucie Horáková");
        await Expect(page.GetByTestId("profile-verification")).ToContainTextAsync("Přihlášeni heslem");
        await BrowserFixture.Shot(page, "profile-personal");

        // Linking with NIA: the owner starts it, NIA answers, a confirmation names both sides, then it is done.
        await page.GetByTestId("link-nia").ClickAsync();
        await page.GetByTestId("start-link").ClickAsync();
        await page.GetByLabel("Jiná osoba:").CheckAsync();
        await page.GetByLabel("Jméno", new() { Exact = true }).FillAsync("Lucie");
        await page.GetByLabel("Příjmení").FillAsync("Horáková");
        await page.GetByLabel("Datum narození").FillAsync("1992-06-30");
        await page.GetByLabel("PersonIdentifier").FillAsync("CZ/CZ/" + Guid.NewGuid().ToString("N"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Přihlásit" }).ClickAsync();
        await Expect(page.GetByTestId("link-account")).ToContainTextAsync(email);
        await Expect(page.GetByTestId("link-nia")).ToContainTextAsync("Lucie Horáková, nar. 30. 6. 1992");
        await BrowserFixture.Shot(page, "nia-link-confirm");
        await page.GetByTestId("confirm-link").ClickAsync();
        await Expect(page.GetByTestId("profile-status")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("profile-verification")).ToContainTextAsync("Přihlášeni přes národní identitu (NIA)");

        // The devices signed in: this one, marked; a second browser appears and is signed out from here.
        var other = await app.NewPageAsync();
        await other.GotoAsync("/Account/Login");
        await other.GetByLabel("E-mail").FillAsync(email);
        await other.GetByLabel("Heslo").FillAsync(password);
        await other.GetByRole(AriaRole.Button, new() { Name = "Přihlásit se" }).ClickAsync();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("sessions").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("toto zařízení");
        await BrowserFixture.Shot(page, "profile-sessions");
        await page.GetByTestId("sign-out-others").ClickAsync();
        await Expect(page.GetByTestId("sessions").Locator("tbody tr")).ToHaveCountAsync(1);
        await other.GotoAsync("/Account/Profile");
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
    }

    [Fact]
    public async Task Sign_in_through_the_NIA_emulator()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        // The class's first NIA round trip (the emulator is its own process, started cold) has taken 13-30 s on a loaded
        // 2-CPU runner, against Playwright's 30 s: this one click gets a minute (why it is slow is not yet known).
        await page.GetByTestId("nia-signin").ClickAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Emulátor národní identity (NIA)" })).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "nia-emulator");
        await page.GetByLabel("Petr Černý").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Přihlásit" }).ClickAsync();

        // A citizen lands home, the way a password sign-in does; the profile says how they signed in.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await BrowserFixture.AssertAccessibleAsync(page, "home-after-nia");
        await page.GotoAsync("/Account/Profile");
        await Expect(page.GetByTestId("profile-name")).ToHaveTextAsync("Petr Černý");
        await Expect(page.GetByTestId("profile-verification")).ToContainTextAsync("Přihlášeni přes národní identitu (NIA)");
        await Expect(page.GetByTestId("profile-nia")).ToContainTextAsync("Krátká 3");
        await BrowserFixture.Shot(page, "profile-nia");
    }

    [Fact]
    public async Task Switch_to_English_and_back_with_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Register");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Registrace osobního účtu");

        // The first Tab reaches the skip link; the language switch follows it.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Přeskočit na obsah" })).ToBeFocusedAsync();
        await page.GetByTestId("switch-language").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Register a personal account");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByLabel("Full name")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "register-english");

        await page.GetByTestId("switch-language").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Registrace osobního účtu");
    }
}
