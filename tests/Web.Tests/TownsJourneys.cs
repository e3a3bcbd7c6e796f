using System.Net.Http.Json;
using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>Two towns and the platform's console, with Debian's chromium (which sends *.localhost to this machine).</summary>
public sealed class TownsBrowserFixture : TwoTownsApp, IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (playwright, Browser) = await BrowserFixture.LaunchAsync();
    }

    /// <summary>A page on one of the portal's addresses, signed in with e-mail and password in the given language.</summary>
    public async Task<IPage> SignedInAsync(Uri address, string email, string password, string culture)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), Locale = "cs-CZ" });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, address, email, password, culture);
        return page;
    }

    public new async Task DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.DisposeAsync();
            playwright.Dispose();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// The town administrator's settings and the platform operator's console in a real browser, Czech and English, each
/// page through axe and the 320 px reflow check; a suspended town's notice too.
/// </summary>
public sealed class TownsJourneys(TownsBrowserFixture app) : IClassFixture<TownsBrowserFixture>
{
    [Theory]
    [InlineData("cs")]
    [InlineData("en")]
    public async Task The_town_settings_and_the_platform_console_pass_axe_and_reflow(string culture)
    {
        // The town's administrator: the settings page, then a wrong IČO and a light header colour at their fields.
        var admin = await app.SignedInAsync(app.BaseAddress, PortalApp.AdminEmail, PortalApp.AdminPassword, culture);
        await admin.GotoAsync("/Admin/Town");
        await Expect(admin.GetByTestId("town-settings")).ToBeVisibleAsync();
        await BrowserFixture.Shot(admin, $"{culture}-admin-town");
        await admin.Locator("#Input_Ico").FillAsync("00064582");
        await admin.Locator("#Input_HeaderColour").FillAsync("#ffee00");
        await admin.GetByTestId("town-settings").Locator("button[type=submit]").ClickAsync();
        await Expect(admin.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(admin.Locator("#Input_Ico")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.Shot(admin, $"{culture}-admin-town-errors");

        // The operator on the platform's own address: the towns with their health, one town's page.
        var @operator = await app.SignedInAsync(app.Platform.BaseAddress, TwoTownsApp.OperatorEmail, PortalApp.AdminPassword, culture);
        await Expect(@operator).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Platform$"));
        await Expect(@operator.GetByTestId("towns")).ToContainTextAsync("Obec Vzor");
        await BrowserFixture.Shot(@operator, $"{culture}-platform-towns");
        await @operator.GotoAsync($"/Platform/Towns/{TwoTownsApp.TownB}");
        await Expect(@operator.GetByTestId("state")).ToBeVisibleAsync();
        await BrowserFixture.Shot(@operator, $"{culture}-platform-town");
    }

    [Fact]
    public async Task A_suspended_towns_notice_is_accessible_and_fits_a_phone()
    {
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        var suspended = await @operator.Http.PutAsJsonAsync($"/api/platform/towns/{TwoTownsApp.TownB}/state", new { state = "Suspended" });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, suspended.StatusCode);
        try
        {
            var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.AddressB.ToString(), Locale = "cs-CZ" });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync("/");
            Assert.Equal(503, response!.Status);
            await Expect(page.Locator("h1")).ToContainTextAsync("Obec Vzor");
            await BrowserFixture.Shot(page, "cs-town-suspended");
        }
        finally
        {
            await @operator.Http.PutAsJsonAsync($"/api/platform/towns/{TwoTownsApp.TownB}/state", new { state = "Active" });
        }
    }
}
