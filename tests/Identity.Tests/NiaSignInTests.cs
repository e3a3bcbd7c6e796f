using System.Net;
using System.Net.Http.Json;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>The NIA round trip over real HTTP redirects through the emulator (OpenID Connect, code flow + PKCE).</summary>
public sealed class NiaSignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static async Task<Page> SignInThroughNia(PortalClient client, string person, string? omit = null, string start = "/Account/Nia")
    {
        var picker = await client.GetAsync(start);
        Assert.Contains("Emulátor národní identity", picker.Html);
        return await client.SubmitAsync(picker, "form", new Dictionary<string, string?>
        {
            ["emulator.person"] = person,
            ["emulator.omit"] = omit,
        }, ("emulator.action", "signin"));
    }

    [Fact]
    public async Task First_sign_in_creates_a_verified_citizen_and_the_next_one_finds_it()
    {
        using var client = app.Client();
        var landed = await SignInThroughNia(client, "CZ/CZ/1b6e0c55-jan-novak");

        // A citizen lands home, as after a password sign-in (not on the profile with its device list).
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Equal("/", landed.Url.AbsolutePath);
        var profile = await client.GetAsync("/Account/Profile");
        Assert.Equal("Jan Novák", profile.Text("[data-testid=profile-name]"));
        Assert.Contains("Přihlášeni přes národní identitu (NIA), úroveň záruky „značná“", profile.Text("[data-testid=profile-verification]"));
        Assert.Contains("Lipová 12", profile.Text("[data-testid=profile-nia]"));

        var me = await client.Http.GetFromJsonAsync<Dictionary<string, object>>("/api/identity/me");
        var id = me!["id"].ToString();
        Assert.Equal("Substantial", me["level"].ToString());

        using var again = app.Client();
        await SignInThroughNia(again, "CZ/CZ/1b6e0c55-jan-novak");
        var meAgain = await again.Http.GetFromJsonAsync<Dictionary<string, object>>("/api/identity/me");
        Assert.Equal(id, meAgain!["id"].ToString());
    }
}

/// <summary>Linking, conflicts and every way a NIA answer can be bad.</summary>
public sealed class NiaEdgeTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static async Task<Page> Pick(PortalClient client, Page picker, string person, string? omit = null, string action = "signin") =>
        await client.SubmitAsync(picker, "form", new Dictionary<string, string?> { ["emulator.person"] = person, ["emulator.omit"] = omit }, ("emulator.action", action));

    private async Task<PortalClient> PersonalAccount(string email)
    {
        var client = app.Client();
        var form = await client.GetAsync("/Account/Register");
        await client.SubmitAsync(form, "main form", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Marie Svobodová",
            ["Input.Email"] = email,
            ["Input.Password"] = "Stará lípa na návsi 1948",
        });
        await client.VerifyEmailAsync((await app.Mail.WaitForAsync(email)).Link("/Account/Verify"));
        await client.SubmitAsync(await client.GetAsync("/Account/Login"), "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Stará lípa na návsi 1948",
        });
        return client;
    }

    [Fact]
    public async Task A_NIA_sign_in_in_a_browser_where_someone_else_is_signed_in_signs_them_out_and_never_links()
    {
        // A shared computer: the attacker's password account is signed in; the victim signs in through NIA.
        using var shared = await PersonalAccount($"utocnik.{Guid.NewGuid():N}@example.cz");
        var attacker = await shared.Http.GetFromJsonAsync<Dictionary<string, object>>("/api/identity/me");
        var attackerCookie = shared.Cookies.GetCookies(app.BaseAddress)["portal.auth"]!.Value;

        await Pick(shared, await shared.GetAsync("/Account/Nia"), "CZ/CZ/7c2d9e11-marie-svobodova");
        var victim = await shared.Http.GetFromJsonAsync<Dictionary<string, object>>("/api/identity/me");
        Assert.NotEqual(attacker!["id"].ToString(), victim!["id"].ToString());
        Assert.Equal("Substantial", victim["level"].ToString());

        // The attacker's session ended for real, and the attacker's account holds no national identity.
        using var replay = new HttpClient { BaseAddress = app.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", "portal.auth=" + attackerCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/identity/me")).StatusCode);
        await using var session = app.Service<Marten.IDocumentStore>().QuerySession(PortalApp.TownId);
        var link = await session.LoadAsync<Domain.NiaLink>("CZ/CZ/7c2d9e11-marie-svobodova");
        Assert.Equal(victim["id"].ToString(), link!.UserId.ToString());
        Assert.Null((await session.LoadAsync<Domain.UserAccount>(Guid.Parse(attacker["id"].ToString()!)))!.Nia);
    }

    [Fact]
    public async Task Missing_name_claims_are_refused_and_no_account_is_made()
    {
        using var client = app.Client();
        var page = await Pick(client, await client.GetAsync("/Account/Nia"), "CZ/CZ/1b6e0c55-jan-novak", omit: "CurrentGivenName,CurrentFamilyName");
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("neposlala jméno a příjmení", page.Text("[data-testid=nia-error]"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/identity/me")).StatusCode);
        await using var session = app.Service<Marten.IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Null(await session.LoadAsync<Domain.NiaLink>("CZ/CZ/1b6e0c55-jan-novak"));
    }

    [Fact]
    public async Task A_cancelled_sign_in_comes_back_with_a_clear_message()
    {
        using var client = app.Client();
        var page = await Pick(client, await client.GetAsync("/Account/Nia"), "CZ/CZ/a9f3b812-petr-cerny", action: "cancel");
        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.True(page.Has("[data-testid=nia-failed]"));
    }

    [Fact]
    public async Task A_forged_state_or_a_replayed_callback_signs_nobody_in()
    {
        using var client = app.Client();
        var forged = await client.GetAsync("/signin-nia?code=forged&state=forged");
        Assert.Equal("/Account/Login", forged.Url.AbsolutePath);
        Assert.True(forged.Has("[data-testid=nia-failed]"));

        // A real callback, captured and played again after it was used.
        using var noRedirect = new HttpClient(new HttpClientHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var start = await noRedirect.GetAsync("/Account/Nia");
        var picker = await client.GetAsync(start.Headers.Location!.ToString());
        var fields = picker.Document.QuerySelectorAll("form input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Append(new("emulator.person", "CZ/CZ/a9f3b812-petr-cerny"))
            .Append(new("emulator.action", "signin"));
        using var emulator = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await emulator.PostAsync(new Uri(app.NiaAddress, "/fpsts/oidc/authorize"), new FormUrlEncodedContent(fields));
        var callback = answer.Headers.Location!;
        Assert.Equal("/signin-nia", callback.AbsolutePath);

        var first = await client.GetAsync(callback.ToString());
        Assert.Equal("/", first.Url.AbsolutePath);
        using var attacker = app.Client();
        var replayed = await attacker.GetAsync(callback.ToString());
        Assert.Equal("/Account/Login", replayed.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.Http.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_after_NIA_goes_through_the_NIA_end_session_and_back()
    {
        using var client = app.Client();
        await Pick(client, await client.GetAsync("/Account/Nia"), "CZ/CZ/ff0a1b2c-jana-dvorakova");
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/identity/me")).StatusCode);
        var home = await client.SubmitAsync(await client.GetAsync("/"), "form[action='/Account/Logout']");
        Assert.Equal(app.BaseAddress.Authority, home.Url.Authority);
        Assert.Equal("/Account/Logout", home.Url.AbsolutePath);
        Assert.True(home.Has("[data-testid=signed-out]"), home.Html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/identity/me")).StatusCode);
    }
}

/// <summary>A portal whose NIA client secret is wrong: the token exchange fails and nobody is signed in.</summary>
public sealed class WrongSecretApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Identity:Nia:ClientSecret"] = "wrong" };
}

public sealed class NiaClientAuthenticationTests(WrongSecretApp app) : IClassFixture<WrongSecretApp>
{
    [Fact]
    public async Task A_wrong_client_secret_ends_in_a_clear_message()
    {
        using var client = app.Client();
        var picker = await client.GetAsync("/Account/Nia");
        var page = await client.SubmitAsync(picker, "form", new Dictionary<string, string?> { ["emulator.person"] = "CZ/CZ/1b6e0c55-jan-novak" }, ("emulator.action", "signin"));
        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.True(page.Has("[data-testid=nia-failed]"));
    }
}
