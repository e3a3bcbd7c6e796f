using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Portal.Identity.Domain;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>A portal behind a reverse proxy on this machine, with a small hourly e-mail allowance.</summary>
public sealed class TrustApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["ReverseProxy:KnownProxies:1"] = "::1",
        ["Identity:EmailsPerAddressPerHour"] = "3",
    };
}

/// <summary>Issue "Trust": levels, linking, sessions, links, enumeration and lock-out, each through the real host, PostgreSQL and the NIA emulator.</summary>
public sealed class TrustTests(TrustApp app) : IClassFixture<TrustApp>
{
    private const string Password = "Stará lípa na návsi 1948";

    private static Task<Page> Nia(PortalClient client, Page picker, string pid, string level = "substantial") =>
        client.PickNiaPersonAsync(picker, "Eliška", "Krásná", "1990-03-15", pid, level);

    private static async Task<JsonElement> Me(PortalClient client) => await client.Http.GetFromJsonAsync<JsonElement>("/api/identity/me");

    private static async Task<Page> SignIn(PortalClient client, string email, string password) =>
        await client.SubmitAsync(await client.GetAsync("/Account/Login"), "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    private async Task<(PortalClient Client, string Email)> PersonalAccount(string? forwardedFor = null)
    {
        var email = $"obcan.{Guid.NewGuid():N}@example.cz";
        var client = app.Client();
        if (forwardedFor is not null)
        {
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        await client.SubmitAsync(await client.GetAsync("/Account/Register"), "main form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Eliška Krásná",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        await client.VerifyEmailAsync((await app.Mail.WaitForAsync(email)).Link("/Account/Verify"));
        Assert.Equal("/", (await SignIn(client, email, Password)).Url.AbsolutePath);
        return (client, email);
    }

    private static string NewPid() => "CZ/CZ/" + Guid.NewGuid().ToString("N");

    /// <summary>The owner's explicit linking: "Propojit s NIA", the NIA round trip, the confirmation naming both sides.</summary>
    private static async Task<Page> StartLinking(PortalClient client, string pid, string returnUrl = "/Account/Profile")
    {
        var start = await client.GetAsync("/Account/LinkNia?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var picker = await client.SubmitAsync(start, "main form");
        return await Nia(client, picker, pid);
    }

    [Fact]
    public async Task The_achieved_level_counts_not_the_requested_one_and_a_low_sign_in_is_told_why_and_sees_no_fees()
    {
        using var client = app.Client();
        var page = await Nia(client, await client.GetAsync("/Account/Nia?returnUrl=/Fees"), NewPid(), level: "low");
        Assert.True(page.Has("[data-testid=nia-low-level]"), page.Html);
        Assert.Contains("nízká", page.Text("[data-testid=nia-low-level]"));
        var me = await Me(client);
        Assert.Equal("Low", me.GetProperty("level").GetString());
        Assert.False(me.GetProperty("isVerified").GetBoolean());

        var fees = await client.GetAsync("/Fees");
        Assert.True(fees.Has("[data-testid=unverified]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/api/fees/mine")).StatusCode);

        using var high = app.Client();
        await Nia(high, await high.GetAsync("/Account/Nia"), NewPid(), level: "high");
        Assert.Equal("High", (await Me(high)).GetProperty("level").GetString());
        Assert.True((await Me(high)).GetProperty("isVerified").GetBoolean());
    }

    [Fact]
    public async Task Linking_is_the_owners_confirmed_act_an_identity_is_never_moved_and_unlinking_is_confirmed()
    {
        var (owner, email) = await PersonalAccount();
        var id = (await Me(owner)).GetProperty("id").GetGuid();
        var pid = NewPid();

        // Linking cannot be started by a link someone sends (GET shows the explanation only).
        var confirm = await StartLinking(owner, pid, "/Fees");
        Assert.Equal("/Account/NiaComplete", confirm.Url.AbsolutePath);
        Assert.Contains(email, confirm.Text("[data-testid=link-account]"));
        Assert.Contains("Eliška Krásná, nar. 15. 3. 1990", confirm.Text("[data-testid=link-nia]"));
        Assert.False((await Me(owner)).GetProperty("isVerified").GetBoolean());
        await using (var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId))
        {
            Assert.Null(await session.LoadAsync<NiaLink>(pid)); // nothing linked before the confirmation
        }

        var fees = await owner.SubmitAsync(confirm, "form:has([data-testid=confirm-link])");
        Assert.Equal("/Fees", fees.Url.AbsolutePath);
        var me = await Me(owner);
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.True(me.GetProperty("isVerified").GetBoolean());

        // Another account cannot take the same identity, not even by linking.
        var (other, _) = await PersonalAccount();
        var refused = await StartLinking(other, pid);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("patří k jinému účtu", refused.Text("[data-testid=nia-error]"));

        // Unlinking: a confirmation page, then the profile says so and the account is no longer verified.
        var unlink = await owner.GetAsync("/Account/UnlinkNia");
        Assert.Contains("Eliška Krásná", unlink.Text("main"));
        var profile = await owner.SubmitAsync(unlink, "main form");
        Assert.Equal("/Account/Profile", profile.Url.AbsolutePath);
        Assert.True(profile.Has("[data-testid=profile-status]"));
        me = await Me(owner);
        Assert.False(me.GetProperty("isVerified").GetBoolean());
        Assert.False(me.GetProperty("isNiaLinked").GetBoolean());
        await using (var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId))
        {
            Assert.Null(await session.LoadAsync<NiaLink>(pid));
        }
    }

    [Fact]
    public async Task A_password_session_of_a_verified_account_is_low_and_one_click_NIA_returns_to_the_same_page()
    {
        var (client, email) = await PersonalAccount();
        var pid = NewPid();
        await client.SubmitAsync(await StartLinking(client, pid), "form:has([data-testid=confirm-link])");
        Assert.True((await Me(client)).GetProperty("isVerified").GetBoolean());

        using var password = app.Client();
        await SignIn(password, email, Password);
        var me = await Me(password);
        Assert.Equal("None", me.GetProperty("level").GetString());
        Assert.False(me.GetProperty("isVerified").GetBoolean());
        var profile = await password.GetAsync("/Account/Profile");
        Assert.DoesNotContain("1990", profile.Text("[data-testid=profile-nia]"), StringComparison.Ordinal); // no date of birth
        Assert.DoesNotContain("Náměstí 1", profile.Html, StringComparison.Ordinal); // no address

        var fees = await password.GetAsync("/Fees");
        var verify = fees.Document.QuerySelector("[data-testid=verify-nia]")!.GetAttribute("href")!;
        Assert.Equal("/Account/Nia?returnUrl=%2FFees", verify);
        var back = await Nia(password, await password.GetAsync(verify), pid);
        Assert.Equal("/Fees", back.Url.AbsolutePath);
        Assert.False(back.Has("[data-testid=unverified]"));
        Assert.Equal(me.GetProperty("id").GetGuid(), (await Me(password)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_a_reset_ends_them_all()
    {
        var (first, email) = await PersonalAccount();
        using var second = app.Client();
        await SignIn(second, email, Password);

        const string changed = "Nová lavička u rybníka 2027";
        var done = await first.SubmitAsync(await first.GetAsync("/Account/ChangePassword"), "main form", new Dictionary<string, string?>
        {
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = changed,
        });
        Assert.True(done.Has("[data-testid=change-done]"));
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http.GetAsync("/api/identity/me")).StatusCode);

        using var anonymous = app.Client();
        await anonymous.SubmitAsync(await anonymous.GetAsync("/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        var link = (await app.Mail.WaitForAsync(email, count: 2)).Link("/Account/ResetPassword");
        await anonymous.SubmitAsync(await anonymous.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "Třetí heslo pro podzim 2027" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Http.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Sessions_end_when_idle_too_long_or_past_their_lifetime_and_the_profile_signs_out_the_others()
    {
        var (client, email) = await PersonalAccount();
        using var other = app.Client();
        await SignIn(other, email, Password);
        using var third = app.Client();
        await SignIn(third, email, Password);

        var profile = await client.GetAsync("/Account/Profile");
        Assert.Equal(3, profile.Document.QuerySelectorAll("[data-testid=sessions] tbody tr").Length);
        Assert.Contains("toto zařízení", profile.Text("[data-testid=sessions]"));
        var after = await client.SubmitAsync(profile, "form:has([data-testid=sign-out-others])");
        Assert.True(after.Has("[data-testid=profile-status]"));
        Assert.Single(after.Document.QuerySelectorAll("[data-testid=sessions] tbody tr"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Http.GetAsync("/api/identity/me")).StatusCode);

        // Idle for 31 minutes (citizens: 30), and signed in 13 hours ago (citizens: 12) though busy.
        var userId = (await Me(client)).GetProperty("id").GetGuid();
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            var mine = await session.Query<UserSession>().Where(s => s.UserId == userId && s.EndedAt == null).SingleAsync();
            mine.LastSeenAt = DateTimeOffset.UtcNow.AddMinutes(-31);
            session.Store(mine);
            await session.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/identity/me")).StatusCode);

        using var busy = app.Client();
        await SignIn(busy, email, Password);
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            var mine = await session.Query<UserSession>().Where(s => s.UserId == userId && s.EndedAt == null).OrderByDescending(s => s.CreatedAt).FirstAsync();
            mine.CreatedAt = DateTimeOffset.UtcNow.AddHours(-13);
            mine.LastSeenAt = DateTimeOffset.UtcNow;
            session.Store(mine);
            await session.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await busy.Http.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task An_agenda_taken_away_counts_at_the_next_request_and_a_deactivated_clerk_is_out_until_reactivated()
    {
        using var clerk = await app.ClerkAsync("fees", "filing");
        Assert.Equal(HttpStatusCode.OK, (await clerk.Http.GetAsync("/Fees/Manage")).StatusCode);
        var clerkId = (await Me(clerk)).GetProperty("id").GetGuid();
        var email = (await Me(clerk)).GetProperty("email").GetString()!;

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var staff = await admin.GetAsync("/Admin/Staff");
        var agendas = staff.Document.QuerySelector($"form input[name=userId][value='{clerkId}']")!.Closest("form")!;
        var token = agendas.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await admin.Http.PostAsync("/Admin/Staff?handler=Agendas", new FormUrlEncodedContent(
        [
            new("userId", clerkId.ToString()), new("agendas", "filing"), new("__RequestVerificationToken", token),
        ]))).EnsureSuccessStatusCode();

        var refused = await clerk.Http.GetAsync("/Fees/Manage");
        Assert.Equal("/Account/AccessDenied", refused.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await clerk.Http.GetAsync("/Filing/Inbox")).StatusCode);

        // Deactivated: the open session ends at once, the right password does not get in.
        (await admin.Http.PostAsync("/Admin/Staff?handler=Active", new FormUrlEncodedContent(
        [
            new("userId", clerkId.ToString()), new("active", "false"), new("confirmed", "true"), new("__RequestVerificationToken", token),
        ]))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await clerk.Http.GetAsync("/api/identity/me")).StatusCode);
        using var again = app.Client();
        var denied = await SignIn(again, email, Accounts.Password);
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Contains("deaktivován", denied.Text(".error-summary"));

        (await admin.Http.PostAsync("/Admin/Staff?handler=Active", new FormUrlEncodedContent(
        [
            new("userId", clerkId.ToString()), new("active", "true"), new("__RequestVerificationToken", token),
        ]))).EnsureSuccessStatusCode();
        Assert.Equal("/Filing/Inbox", (await SignIn(again, email, Accounts.Password)).Url.AbsolutePath); // a clerk lands on the inbox
    }

    [Fact]
    public async Task A_new_reset_link_voids_the_old_one_and_an_address_gets_only_so_many_mails_an_hour()
    {
        var (_, email) = await PersonalAccount(); // the verification e-mail is the first of three this hour
        using var anonymous = app.Client();
        async Task Forgot() => await anonymous.SubmitAsync(await anonymous.GetAsync("/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        await Forgot();
        var first = (await app.Mail.WaitForAsync(email, count: 2)).Link("/Account/ResetPassword");
        await Forgot();
        var second = (await app.Mail.WaitForAsync(email, count: 3)).Link("/Account/ResetPassword");
        Assert.NotEqual(first, second);

        var old = await anonymous.SubmitAsync(await anonymous.GetAsync(first), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "Heslo ze starého odkazu 2027" });
        Assert.Contains("už byl použit", old.Text(".error-summary"));
        var fresh = await anonymous.SubmitAsync(await anonymous.GetAsync(second), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "Heslo z nového odkazu 2027" });
        Assert.True(fresh.Has("[data-testid=reset-done]"));

        // A fourth request within the hour: the same answer, no e-mail.
        await Forgot();
        await Task.Delay(1500);
        Assert.Equal(3, app.Mail.For(email).Count);
    }

    [Fact]
    public async Task Wrong_passwords_make_the_failing_client_wait_while_the_owner_elsewhere_gets_in_and_unknown_addresses_answer_alike()
    {
        var (_, email) = await PersonalAccount("198.51.100.7");
        using var attacker = app.Client();
        attacker.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.66");
        for (var i = 0; i < 4; i++)
        {
            await SignIn(attacker, email, "Hádám heslo číslo " + i);
        }

        var delayed = await SignIn(attacker, email, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, delayed.Status);
        Assert.Contains("Další pokus bude možný", delayed.Text(".error-summary"));

        using var owner = app.Client();
        owner.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal("/", (await SignIn(owner, email, Password)).Url.AbsolutePath);

        // An address with no account behaves the same, so waits reveal nothing. The fourth failure makes this client wait
        // 2 s; on a machine too busy to try again within them the try is let through rightly, and a new address is tried.
        Page? delayedUnknown = null;
        for (var round = 0; round < 3 && delayedUnknown is null; round++)
        {
            var unknown = $"nikdo.{Guid.NewGuid():N}@example.cz";
            for (var i = 0; i < 3; i++)
            {
                await SignIn(attacker, unknown, "Hádám heslo číslo " + i);
            }

            var fourth = System.Diagnostics.Stopwatch.StartNew();
            await SignIn(attacker, unknown, "Hádám heslo číslo 3");
            var fifth = await SignIn(attacker, unknown, Password);
            if (fifth.Status == HttpStatusCode.TooManyRequests)
            {
                delayedUnknown = fifth;
            }
            else
            {
                Assert.True(fourth.Elapsed > TimeSpan.FromSeconds(2), $"Let through {fourth.Elapsed.TotalSeconds:F1} s after the fourth failure, inside its wait.");
            }
        }

        Assert.NotNull(delayedUnknown);
        Assert.Equal(delayed.Text(".error-summary").Split(' ').Length, delayedUnknown.Text(".error-summary").Split(' ').Length);
    }

    [Fact]
    public async Task Registration_and_reset_answer_alike_whether_or_not_the_address_exists()
    {
        var (_, known) = await PersonalAccount();
        using var anonymous = app.Client();
        var forKnown = await anonymous.PostJsonAsync("/api/identity/registrations", new { name = "Někdo Jiný", email = known, password = "Nějaké dlouhé heslo 2026" });
        var forNew = await anonymous.PostJsonAsync("/api/identity/registrations", new { name = "Někdo Jiný", email = $"novy.{Guid.NewGuid():N}@example.cz", password = "Nějaké dlouhé heslo 2026" });
        Assert.Equal(forNew.StatusCode, forKnown.StatusCode);
        Assert.Equal(await forNew.Content.ReadAsStringAsync(), await forKnown.Content.ReadAsStringAsync());

        var resetKnown = await anonymous.PostJsonAsync("/api/identity/password-reset-requests", new { email = known });
        var resetUnknown = await anonymous.PostJsonAsync("/api/identity/password-reset-requests", new { email = $"nikdo.{Guid.NewGuid():N}@example.cz" });
        Assert.Equal(resetUnknown.StatusCode, resetKnown.StatusCode);
        Assert.Equal(await resetUnknown.Content.ReadAsStringAsync(), await resetKnown.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/Account/Login?returnUrl=/%09/evil.com")]
    [InlineData("/Account/Login?returnUrl=//evil.com")]
    [InlineData("/Account/Login?returnUrl=/%5Cevil.com")]
    [InlineData("/Account/Login?returnUrl=https://evil.com")]
    public async Task A_return_address_elsewhere_is_dropped_not_a_500(string url)
    {
        var (_, email) = await PersonalAccount();
        using var client = app.Client();
        var login = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        var done = await client.SubmitAsync(login, "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["returnUrl"] = Uri.UnescapeDataString(url[(url.IndexOf('=') + 1)..]),
        });
        Assert.Equal(app.BaseAddress.Authority, done.Url.Authority);
        Assert.Equal("/", done.Url.AbsolutePath);
    }
}

/// <summary>No proxy configured: a forwarded address is not believed.</summary>
public sealed class NoProxyApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:Nia:LevelOfAssurance"] = "low",
    };
}

public sealed class NoProxyTests(NoProxyApp app) : IClassFixture<NoProxyApp>
{
    [Fact]
    public async Task A_forwarded_address_from_an_unconfigured_proxy_is_ignored_by_the_sign_in_waits()
    {
        var (_, email) = await app.CitizenAsync();
        using var attacker = app.Client();
        attacker.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.66");
        using var pretender = app.Client();
        pretender.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        var form = await pretender.GetAsync("/Account/Login");

        // Six wrong passwords, each after the wait the previous earned: the last earns 8 s, room enough for the
        // pretender's one request even on a busy test machine (a 1-2 s wait was not).
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(i >= 3 ? Math.Pow(2, i - 3) + 0.3 : 0));
            var wrong = await attacker.SubmitAsync(await attacker.GetAsync("/Account/Login"), "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = "Špatně " + i });
            Assert.NotEqual(HttpStatusCode.TooManyRequests, wrong.Status);
        }

        // Claiming another address changes nothing: the portal sees the same client.
        var page = await pretender.SubmitAsync(form, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
    }

    [Fact]
    public async Task With_low_configured_a_high_acr_is_high()
    {
        using var client = app.Client();
        var picker = await client.GetAsync("/Account/Nia");
        Assert.Contains("loalow", picker.Html, StringComparison.Ordinal);
        await client.SubmitAsync(picker, "form", new Dictionary<string, string?>
        {
            ["emulator.person"] = "CZ/CZ/1b6e0c55-jan-novak",
            ["emulator.level"] = "high",
        }, ("emulator.action", "signin"));
        var me = await client.Http.GetFromJsonAsync<JsonElement>("/api/identity/me");
        Assert.Equal("High", me.GetProperty("level").GetString());
        Assert.True(me.GetProperty("isVerified").GetBoolean());
    }
}

/// <summary>Production at an https address behind a proxy on this machine.</summary>
public sealed class ProductionApp : PortalApp
{
    protected override string EnvironmentName => "Production";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Portal:PublicBaseUrl"] = "https://portal.mesto-demo.cz",
        ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["ReverseProxy:KnownProxies:1"] = "::1",
    };
}

public sealed class ProductionTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Https_brings_HSTS_and_secure_cookies_and_the_API_description_is_for_administrators()
    {
        // The proxy passes the town's host name on (its Host header): the town is known by it, never by localhost.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Host = "portal.mesto-demo.cz";
        var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await http.SendAsync(request);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var openApi = await http.GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, openApi.StatusCode);
    }
}
