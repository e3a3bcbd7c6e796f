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
        var profile = await SignInThroughNia(client, "CZ/CZ/1b6e0c55-jan-novak");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal("/Account/Profile", profile.Url.AbsolutePath);
        Assert.Equal("Jan Novák", profile.Text("[data-testid=profile-name]"));
        Assert.Contains("Ověřený účet", profile.Text("[data-testid=profile-verification]"));
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
