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

        // The clerk's pages under a citizen's address mark the clerk's item, and staff are not offered a citizen's pages.
        Assert.Equal(["/Fees/Manage"], Current(await clerk.GetAsync("/Fees/Arrears")));
        Assert.Equal(["/Fees/Manage"], Current(await clerk.GetAsync("/Fees/Registrations")));
        Assert.Equal(["/Payments/Statements"], Current(await clerk.GetAsync("/Payments/Unassigned")));
        var inbox = await clerk.GetAsync("/Filing/Inbox");
        Assert.Empty(inbox.Document.QuerySelectorAll("nav a[href='/Fees'], nav a[href='/Payments'], nav a[href='/Submissions'], nav a[href='/Messages']"));
        using var filing = await app.ClerkAsync("filing");
        Assert.Equal(["/Filing/Inbox"], Current(await filing.GetAsync("/Filing/Register")));
        var (citizen, _) = await app.CitizenAsync();
        Assert.NotEmpty((await citizen.GetAsync("/")).Document.QuerySelectorAll("nav a[href='/Fees']"));
        citizen.Dispose();

        Assert.Equal("/favicon.svg", login.Document.QuerySelector("link[rel=icon]")?.GetAttribute("href"));
        var icon = await anonymous.Http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_development_mailbox_shows_when_an_e_mail_was_sent_in_the_towns_time()
    {
        var (citizen, email) = await app.CitizenAsync("Marta Pražská");
        using var anonymous = app.Client();
        var mailbox = await anonymous.GetAsync("/Dev/Mail?to=" + Uri.EscapeDataString(email));
        var shown = mailbox.Text("[data-testid=mail-date]");
        var file = Directory.GetFiles(app.MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).First(m => m.To.Mailboxes.Any(a => a.Address == email));
        var prague = TimeZoneInfo.ConvertTime(file.Date, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague"));
        Assert.Contains(prague.ToString("H:mm:ss", System.Globalization.CultureInfo.InvariantCulture), shown);
        citizen.Dispose();
    }

    private static string[] Current(Page page) =>
        page.Document.QuerySelectorAll("nav a[aria-current]").Select(a =>
        {
            Assert.Equal("page", a.GetAttribute("aria-current"));
            return a.GetAttribute("href")!;
        }).ToArray();
}
