using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.Testing;

namespace Portal.Web.Tests;

/// <summary>The real portal and NIA emulator (see <see cref="PortalApp"/>) plus Debian's chromium driven by Playwright.</summary>
public sealed class BrowserFixture : PortalApp, IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots land here (kept by CI as artefacts).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (playwright, Browser) = await LaunchAsync();
    }

    /// <summary>Debian's chromium, headless, as every journey drives it.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
        return (playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "cs-CZ" });
        return await context.NewPageAsync();
    }

    /// <summary>A page of a person signed in through the API (the client's cookies copied into the browser).</summary>
    public async Task<IPage> NewPageAsync(PortalClient signedIn)
    {
        var page = await NewPageAsync();
        await page.Context.AddCookiesAsync(signedIn.Cookies.GetAllCookies().Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        return page;
    }

    /// <summary>Signs in on the sign-in page of the page's address with e-mail and password, in the given language.</summary>
    public static async Task SignInAsync(IPage page, Uri address, string email, string password, string culture)
    {
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = address.ToString() }]);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-link")).ToBeVisibleAsync();
    }

    /// <summary>Signs in with e-mail and the tests' password on the sign-in page, as a person types it.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Heslo").FillAsync(Portal.Testing.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Přihlásit se" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-link")).ToBeVisibleAsync();
    }

    /// <summary>
    /// A screenshot of the page as the journey sees it, after axe has checked it against WCAG 2.0-2.2 A and AA
    /// (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa): any violation fails the journey, named with its elements.
    /// </summary>
    public static async Task Shot(IPage page, string name)
    {
        await AssertAccessibleAsync(page, name);
        await AssertReflowsAsync(page, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>WCAG 1.4.10: at 320 CSS pixels wide nothing scrolls sideways (the page's own width is restored after).</summary>
    public static async Task AssertReflowsAsync(IPage page, string name)
    {
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(320, 800);
        var wide = await page.EvaluateAsync<string>(
            "() => document.documentElement.scrollWidth + ' px; beyond the edge: ' + [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
            + ".sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right).slice(0, 3)"
            + ".map(e => e.tagName + (e.className ? '.' + e.className : '') + ' to ' + Math.round(e.getBoundingClientRect().right) + ' px: ' + e.outerHTML.slice(0, 80)).join(' | ')");
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "phone", name + ".png"), FullPage = true });
        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }

        Assert.True(fits, $"{name} ({page.Url}) scrolls sideways at 320 px: {wide}");
    }

    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var violations = results.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Select(n => n.Target?.ToString() + "  " + n.Html)))
            .ToList();
        Assert.True(violations.Count == 0, $"axe on {name} ({page.Url}):\n" + string.Join("\n", violations));
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
