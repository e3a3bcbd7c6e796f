using System.Net;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>Every page's frame: the navigation says where one is (aria-current), the portal has an icon.</summary>
public sealed class LayoutTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_navigation_marks_the_section_of_the_page_once_and_the_favicon_is_served()
    {
        using var anonymous = app.Client();
        var login = await anonymous.GetAsync("/Account/Login");
        Assert.Equal(["/Account/Login"], Current(login));
        Assert.Equal(["/"], Current(await anonymous.GetAsync("/")));

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        Assert.Equal(["/Admin/Operations"], Current(await admin.GetAsync("/Admin/Operations")));
        Assert.Equal(["/Admin/Staff"], Current(await admin.GetAsync("/Admin/Staff")));

        using var clerk = await app.ClerkAsync("fees");
        Assert.Equal(["/Fees/Manage"], Current(await clerk.GetAsync("/Fees/Manage"))); // not also "Moje poplatky"
        Assert.Equal(["/Payments/Statements"], Current(await clerk.GetAsync("/Payments/Statements")));

        Assert.Equal("/favicon.svg", login.Document.QuerySelector("link[rel=icon]")?.GetAttribute("href"));
        var icon = await anonymous.Http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    private static string[] Current(Page page) =>
        page.Document.QuerySelectorAll("nav a[aria-current]").Select(a =>
        {
            Assert.Equal("page", a.GetAttribute("aria-current"));
            return a.GetAttribute("href")!;
        }).ToArray();
}
