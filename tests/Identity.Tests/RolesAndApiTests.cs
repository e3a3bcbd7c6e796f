using System.Net;
using System.Net.Http.Json;
using System.Text;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Portal.Host.Infrastructure;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Identity.Tests;

/// <summary>Roles, the administrator's pages, the JSON API and its ProblemDetails, operations endpoints.</summary>
public sealed class RolesAndApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<PortalClient> SignedIn(string email, string password)
    {
        var client = app.Client();
        var page = await client.SubmitAsync(await client.GetAsync("/Account/Login"), "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        // A citizen lands home, a clerk on the inbox, an administrator on the figures.
        Assert.True(page.Url.AbsolutePath is "/" or "/Filing/Inbox" or "/Admin/Statistics", page.Url.AbsolutePath);
        return client;
    }

    private async Task<PortalClient> Citizen()
    {
        var client = app.Client();
        var email = $"citizen.{Guid.NewGuid():N}@example.cz";
        var response = await client.PostJsonAsync("/api/identity/registrations", new { name = "Oldřich Občan", email, password = "Tři kočky na střeše 2026" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await client.VerifyEmailAsync((await app.Mail.WaitForAsync(email)).Link("/Account/Verify"));
        return await SignedIn(email, "Tři kočky na střeše 2026");
    }

    [Theory]
    [InlineData("/Admin/Staff")]
    [InlineData("/Admin/Statistics")]
    public async Task A_citizen_is_refused_the_administrator_pages(string path)
    {
        using var citizen = await Citizen();
        var page = await citizen.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/Account/AccessDenied", page.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.Http.GetAsync("/api/identity/statistics")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_API_clients_get_401()
    {
        using var anonymous = app.Client();
        Assert.Equal("/Account/Login", (await anonymous.GetAsync("/Admin/Staff")).Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task The_administrator_creates_a_clerk_who_sets_a_password_and_works_only_their_agenda()
    {
        using var admin = await SignedIn(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var clerkEmail = $"clerk.{Guid.NewGuid():N}@mesto.cz";
        var staff = await admin.GetAsync("/Admin/Staff");

        var invalid = await admin.SubmitAsync(staff, "form:not([action])", new Dictionary<string, string?> { ["Input.Name"] = "Úředník Bez Agendy", ["Input.Email"] = clerkEmail });
        Assert.Contains("alespoň jednu agendu", invalid.Text(".error-summary"));

        var created = await admin.SubmitAsync(staff, "form:not([action])", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Zdeňka Poplatková",
            ["Input.Email"] = clerkEmail,
            ["Input.Agendas"] = "fees",
        });
        Assert.True(created.Has("[data-testid=clerk-created]"), created.Html);
        Assert.Contains(clerkEmail, created.Text("table"));

        using var clerk = app.Client();
        var link = (await app.Mail.WaitForAsync(clerkEmail)).Link("/Account/ResetPassword");
        await clerk.SubmitAsync(await clerk.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "Poplatky se platí do března" });
        using var signedIn = await SignedIn(clerkEmail, "Poplatky se platí do března");
        var me = await signedIn.Http.GetFromJsonAsync<Dictionary<string, object>>("/api/identity/me");
        Assert.Contains("clerk", me!["roles"].ToString());
        Assert.Contains("fees", me["agendas"].ToString());
        Assert.DoesNotContain("building", me["agendas"].ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.GetAsync("/Admin/Staff")).Status);
    }

    [Fact]
    public async Task Statistics_count_sign_ins_per_month_and_users_by_kind()
    {
        using var citizen = await Citizen();
        using var admin = await SignedIn(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var stats = await admin.Http.GetFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/identity/statistics");
        Assert.True(stats!["personalAccounts"].GetInt64() >= 1);
        var prague = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague"));
        var month = prague.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var thisMonth = stats["signInsPerMonth"].EnumerateArray().First(m => m.GetProperty("month").GetString() == month);
        Assert.True(thisMonth.GetProperty("passwordSignIns").GetInt64() >= 2);

        var page = await admin.GetAsync("/Admin/Statistics");
        Assert.Equal(stats["citizens"].GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), page.Text("[data-testid=stat-citizens]"));

        // Months named in Czech (nominative: "prosinec 2026"), never "2026-12"; a chart readable as a table too.
        string[] names = ["leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září", "říjen", "listopad", "prosinec"];
        var rows = page.Document.QuerySelectorAll("[data-testid=stat-table] tbody th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal($"{names[prague.Month - 1]} {prague.Year}", rows[0]);
        Assert.DoesNotContain(month, page.Text("main"));
        Assert.True(long.Parse(page.Text($"[data-testid=stat-registered-{month}]"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var chart = page.Document.QuerySelector("[data-testid=chart] svg")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Equal(24, chart.QuerySelectorAll("rect.series-1, rect.series-2").Length - 2); // a bar per month and series, plus the legend
    }

    [Fact]
    public async Task The_administrator_sends_an_invitation_again_until_the_clerk_has_set_a_password()
    {
        var email = $"pozvany.{Guid.NewGuid():N}@mesto.cz";
        using var admin = await SignedIn(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var staff = await admin.SubmitAsync(await admin.GetAsync("/Admin/Staff"), "main form:not([action])", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Pozvaný Úředník",
            ["Input.Email"] = email,
            ["Input.Agendas"] = "registry",
        });
        Assert.True(staff.Has("[data-testid=clerk-created]"));
        await app.Mail.WaitForAsync(email);

        var row = staff.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Contains("heslo zatím nenastavil", row.TextContent, StringComparison.Ordinal);
        var resent = await admin.SubmitAsync(staff, $"tbody tr:has(td:contains('{email}')) form[action*=Invite]");
        Assert.Contains("Pozvánku jsme poslali znovu", resent.Text("[data-testid=staff-status]"));
        var second = await app.Mail.WaitForAsync(email, 2);

        using var clerk = app.Client();
        await clerk.SubmitAsync(await clerk.GetAsync(second.Link("/Account/ResetPassword")), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = Accounts.Password });
        var after = await admin.GetAsync("/Admin/Staff");
        var done = after.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Null(done.QuerySelector("[data-testid=resend-invitation]"));
    }

    [Fact]
    public async Task Invalid_registration_gets_ProblemDetails_with_field_errors_in_Czech()
    {
        using var client = app.Client();
        var response = await client.PostJsonAsync("/api/identity/registrations", new { name = "", email = "nope", password = "heslo123" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(await response.Content.ReadAsStringAsync()), o => o.IgnoreField("traceId"));
    }

    [Fact]
    public async Task Invalid_registration_gets_ProblemDetails_in_English_when_asked()
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/registrations")
        {
            Content = JsonContent.Create(new { name = "J", email = "jana@example.cz", password = "short" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await client.Http.SendAsync(request);
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(await response.Content.ReadAsStringAsync()), o => o.IgnoreField("traceId"));
    }

    [Fact]
    public async Task Malformed_json_gets_ProblemDetails_not_a_stack_trace()
    {
        using var client = app.Client();
        var response = await client.Http.PostAsync("/api/identity/registrations", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(await response.Content.ReadAsStringAsync()), o => o.IgnoreField("traceId"));
    }

    [Fact]
    public async Task The_key_ring_is_kept_in_the_database_so_another_instance_reads_what_this_one_protected()
    {
        using var citizen = await Citizen(); // a sign-in cookie: the ring has its first key
        var store = app.Service<IDocumentStore>();
        await using (var query = store.QuerySession(PortalApp.TownId))
        {
            Assert.NotEmpty(await query.Query<DataProtectionKey>().ToListAsync());
        }

        var sealedText = app.Service<IDataProtectionProvider>().CreateProtector("test").Protect("Jana Dvořáková");
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Portal.Obcana");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new MartenXmlRepository(store));
        await using var otherInstance = services.BuildServiceProvider();
        Assert.Equal("Jana Dvořáková", otherInstance.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText));
    }

    [Fact]
    public async Task Health_metrics_and_security_headers()
    {
        using var client = await Citizen();
        Assert.Equal("Healthy", await client.Http.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.Http.GetStringAsync("/health/ready"));

        // Counters move when the outbox delivers SignedIn / CitizenRegistered.
        var until = DateTime.UtcNow.AddSeconds(10);
        string metrics;
        do
        {
            metrics = await client.Http.GetStringAsync("/metrics");
        }
        while (!metrics.Contains("portal_identity_signins_total{", StringComparison.Ordinal) && DateTime.UtcNow < until && await Delay());
        Assert.Contains("portal_identity_signins_total{", metrics);
        Assert.Contains("portal_identity_registrations_total{", metrics);

        // What a reverse proxy forwards is not local: without a token, /metrics is for this machine only.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "203.0.113.7" } } };
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.Http.SendAsync(proxied)).StatusCode);

        var home = await client.Http.GetAsync("/");
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_English_and_back()
    {
        using var client = app.Client();
        var czech = await client.GetAsync("/Account/Login");
        Assert.Equal("cs", czech.Document.DocumentElement.GetAttribute("lang"));
        var english = await client.SubmitAsync(czech, "form.lang-switch");
        Assert.Equal("/Account/Login", english.Url.AbsolutePath);
        Assert.Equal("en", english.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sign in", english.Text("h1"));
        var back = await client.SubmitAsync(english, "form.lang-switch");
        Assert.Equal("Přihlášení", back.Text("h1"));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }
}
