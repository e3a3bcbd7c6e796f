using System.Net.Http.Json;
using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>
/// The clerk's and the administrator's pages in a real browser, Czech and English, each through axe and the 320 px
/// reflow check; a clerk works a case with the keyboard alone.
/// </summary>
public sealed class StaffJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignIn(string email, string password, string culture)
    {
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, app.BaseAddress, email, password, culture);
        return page;
    }

    private async Task<(Guid Id, string Reference)> SentSubmissionAsync(string subject)
    {
        var (citizen, _) = await app.CitizenAsync("Rudolf Podatel");
        var (id, revision) = await citizen.ReadyGeneralSubmissionAsync(subject);
        (await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).EnsureSuccessStatusCode();
        var registered = await app.RegisteredAsync(id);
        citizen.Dispose();
        return (id, registered.ReferenceNumber);
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("en")]
    public async Task The_administrators_and_the_filing_offices_pages_pass_axe_and_reflow(string culture)
    {
        var (id, reference) = await SentSubmissionAsync("Žádost o informace " + culture);
        var admin = await SignIn(PortalApp.AdminEmail, PortalApp.AdminPassword, culture);
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Admin/Statistics$"));
        await Expect(admin.GetByTestId("chart")).ToBeVisibleAsync();
        await BrowserFixture.Shot(admin, $"{culture}-admin-statistics");
        await admin.GotoAsync("/Admin/Staff");
        await BrowserFixture.Shot(admin, $"{culture}-admin-staff");
        await admin.GotoAsync("/Admin/Operations");
        await BrowserFixture.Shot(admin, $"{culture}-admin-operations");
        await admin.GotoAsync("/");
        await BrowserFixture.Shot(admin, $"{culture}-admin-home");

        var email = $"podatelna.{Guid.NewGuid():N}@mesto.cz";
        await admin.GotoAsync("/Admin/Staff");
        await admin.Locator("#Input_Name").FillAsync("Eva Podatelná");
        await admin.Locator("#Input_Email").FillAsync(email);
        await admin.Locator("input[name='Input.Agendas'][value=filing]").CheckAsync();
        await admin.Locator("main > form button[type=submit]").ClickAsync();
        await Expect(admin.GetByTestId("clerk-created")).ToBeVisibleAsync();
        using (var client = app.Client())
        {
            var link = (await app.Mail.WaitForAsync(email)).Link("/Account/ResetPassword");
            await client.SubmitAsync(await client.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = Accounts.Password });
        }

        var clerk = await SignIn(email, Accounts.Password, culture);
        await Expect(clerk).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Filing/Inbox$"));
        await BrowserFixture.Shot(clerk, $"{culture}-clerk-inbox");
        await clerk.GotoAsync("/");
        await Expect(clerk.GetByTestId("workload-filing")).ToBeVisibleAsync();
        await BrowserFixture.Shot(clerk, $"{culture}-clerk-home");
        await clerk.GotoAsync("/Filing/Register");
        await BrowserFixture.Shot(clerk, $"{culture}-clerk-register");
        await clerk.GotoAsync($"/Filing/Case/{id}");
        await Expect(clerk.Locator("h1")).ToContainTextAsync(reference);
        await BrowserFixture.Shot(clerk, $"{culture}-clerk-case");
    }

    [Fact]
    public async Task A_clerk_decides_a_case_with_the_keyboard_alone()
    {
        var (id, _) = await SentSubmissionAsync("Rozhodnutí klávesnicí");
        using var api = await app.ClerkAsync("filing");
        var clerk = await app.NewPageAsync(api);
        await clerk.GotoAsync($"/Filing/Case/{id}");

        await clerk.GetByTestId("start").FocusAsync();
        await clerk.Keyboard.PressAsync("Enter");
        await Expect(clerk.GetByTestId("done")).ToBeVisibleAsync();

        // To the decision's form with Tab alone, the outcome with the arrow keys, the reasoning typed, Enter to decide.
        await clerk.GetByTestId("outcome-Approved").FocusAsync();
        await clerk.Keyboard.PressAsync("Space");
        await Expect(clerk.GetByTestId("outcome-Approved")).ToBeCheckedAsync();
        await clerk.Keyboard.PressAsync("ArrowDown");
        await Expect(clerk.GetByTestId("outcome-PartlyApproved")).ToBeCheckedAsync();
        await clerk.Keyboard.PressAsync("Tab");
        await Expect(clerk.Locator("#decide-text")).ToBeFocusedAsync();
        await clerk.Keyboard.TypeAsync("Informace poskytneme v rozsahu, v jakém je úřad má.");
        await clerk.Keyboard.PressAsync("Tab");
        await Expect(clerk.GetByTestId("decide")).ToBeFocusedAsync();
        await clerk.Keyboard.PressAsync("Enter");

        await Expect(clerk.GetByTestId("confirm")).ToContainTextAsync("vyhověno částečně");
        await clerk.GetByTestId("confirm-decision").FocusAsync();
        await clerk.Keyboard.PressAsync("Enter");
        await Expect(clerk.GetByTestId("status")).ToHaveTextAsync("rozhodnuto – vyhověno částečně");
        await BrowserFixture.Shot(clerk, "clerk-decided-keyboard");
    }
}
