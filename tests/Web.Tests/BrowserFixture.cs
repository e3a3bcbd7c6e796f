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
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), Locale = "cs-CZ" });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A screenshot of the page as the journey sees it, after axe has checked it against WCAG 2.0-2.2 A and AA
    /// (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa): any violation fails the journey, named with its elements.
    /// </summary>
    public static async Task Shot(IPage page, string name)
    {
        await AssertAccessibleAsync(page, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
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
