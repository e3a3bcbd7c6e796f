using System.Globalization;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Fees.Tests;

/// <summary>
/// The home page answers "what do I owe, where is my case" (issue "Experience"): a verified citizen sees the sum, the
/// nearest due date and a way to pay; a password-only session is told why it sees no fees; staff land on their work
/// and are not asked to verify through NIA.
/// </summary>
public sealed class HomeTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_verified_citizen_sees_what_they_owe_by_when_and_can_pay()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, obligation) = await app.PayerAsync(clerk, "psi", "Alžběta", "Domácí", "1966-06-06");
        var remaining = obligation.GetProperty("remaining").GetDecimal();
        Assert.True(remaining > 0);

        var home = await citizen.GetAsync("/");
        Assert.Equal(remaining.ToString("N2", CultureInfo.GetCultureInfo("cs-CZ")) + "\u00a0Kč", home.Text("[data-testid=owed]"));
        Assert.Equal("/Fees", home.Document.QuerySelector("[data-testid=pay]")!.GetAttribute("href"));
        if (obligation.TryGetProperty("dueDate", out var due) && due.ValueKind == JsonValueKind.String)
        {
            var day = DateOnly.Parse(due.GetString()!, CultureInfo.InvariantCulture);
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).DateTime);
            Assert.Equal((day < today ? "Splatné bylo do " : "Nejbližší splatnost ") + $"{day.Day}. {day.Month}. {day.Year}.", home.Text("[data-testid=next-due]"));
        }

        Assert.Contains("Nemáte žádné otevřené podání.", home.Text("[data-testid=home-submissions]"));
        Assert.False(home.Has("[data-testid=workload]"));
        citizen.Dispose();
    }

    [Fact]
    public async Task A_password_session_is_told_why_it_sees_no_fees_and_staff_land_on_their_work()
    {
        var (citizen, _) = await app.CitizenAsync("Bohumil Heslový");
        var home = await citizen.GetAsync("/");
        Assert.False(home.Has("[data-testid=owed]"));
        Assert.Contains("Ověřit přes NIA", home.Text("[data-testid=home-fees]"));
        Assert.Contains("Nic rozpracovaného nemáte.", home.Text("[data-testid=home-drafts]"));
        citizen.Dispose();

        using var clerk = await app.ClerkAsync("building", "filing");
        var landing = await clerk.GetAsync("/start");
        Assert.Equal("/Filing/Inbox", landing.Url.AbsolutePath);
        var staffHome = await clerk.GetAsync("/");
        Assert.True(staffHome.Has("[data-testid=workload-building]"));
        Assert.True(staffHome.Has("[data-testid=workload-filing]"));
        Assert.DoesNotContain("Ověřit přes NIA", staffHome.Text("main"));
        Assert.DoesNotContain("NIA", staffHome.Text("main"));

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        Assert.Equal("/Admin/Statistics", (await admin.GetAsync("/start")).Url.AbsolutePath);
        Assert.DoesNotContain("NIA", (await admin.GetAsync("/")).Text("main"));
    }
}
