using System.Net;
using Marten;
using Portal.Identity.Domain;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>Personal accounts through the pages, against the real host and PostgreSQL.</summary>
public sealed class AccountTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string GoodPassword = "Lipová alej vede k rybníku";

    private static string NewEmail() => $"obcan.{Guid.NewGuid():N}@example.cz";

    private async Task<Page> Register(PortalClient client, string name, string email, string password)
    {
        var form = await client.GetAsync("/Account/Register");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    private static async Task<Page> SignIn(PortalClient client, string email, string password)
    {
        var form = await client.GetAsync("/Account/Login");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    private async Task<string> RegisteredAndVerified(PortalClient client)
    {
        var email = NewEmail();
        await Register(client, "Alena Nováková", email, GoodPassword);
        var mail = await app.Mail.WaitForAsync(email);
        var verified = await client.VerifyEmailAsync(mail.Link("/Account/Verify"));
        Assert.True(verified.Has("[data-testid=verify-ok]"), verified.Html);
        return email;
    }

    [Fact]
    public async Task Register_verify_by_the_link_sign_in_and_see_the_profile()
    {
        using var client = app.Client();
        var email = NewEmail();
        var done = await Register(client, "Alena Nováková", email, GoodPassword);
        Assert.True(done.Has("[data-testid=register-done]"), done.Html);

        // Before the link is opened the account cannot sign in.
        var early = await SignIn(client, email, GoodPassword);
        Assert.Contains("potvrďte e-mailovou adresu", early.Html, StringComparison.Ordinal);

        var mail = await app.Mail.WaitForAsync(email);
        Assert.Equal("Potvrďte svou e-mailovou adresu", mail.Subject);
        var verified = await client.VerifyEmailAsync(mail.Link("/Account/Verify"));
        Assert.True(verified.Has("[data-testid=verify-ok]"));

        var home = await SignIn(client, email, GoodPassword);
        Assert.Equal("/", home.Url.AbsolutePath);
        var profile = await client.GetAsync("/Account/Profile");
        Assert.Equal("Alena Nováková", profile.Text("[data-testid=profile-name]"));
        Assert.Contains("Přihlášeni heslem", profile.Text("[data-testid=profile-verification]"));
        Assert.Contains("heslo", profile.Text("table tbody"));
    }

    [Fact]
    public async Task A_verification_link_works_once_and_not_after_it_expires()
    {
        using var client = app.Client();
        var email = NewEmail();
        await Register(client, "Alena Nováková", email, GoodPassword);
        var link = (await app.Mail.WaitForAsync(email)).Link("/Account/Verify");

        // A link scanner fetching the link confirms nothing: the address is confirmed by the page's button.
        var opened = await client.GetAsync(link);
        Assert.True(opened.Has("[data-testid=verify-confirm]"));
        Assert.Contains("potvrďte e-mailovou adresu", (await SignIn(app.Client(), email, GoodPassword)).Html, StringComparison.Ordinal);
        Assert.True((await client.VerifyEmailAsync(link)).Has("[data-testid=verify-ok]"));

        var reused = await client.VerifyEmailAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.True(reused.Has("[data-testid=verify-failed]"));

        var forged = await client.VerifyEmailAsync("/Account/Verify?token=not-a-real-token");
        Assert.True(forged.Has("[data-testid=verify-failed]"));

        // An expired link: register another address and move its token's expiry into the past.
        var other = NewEmail();
        await Register(client, "Bohumil Starý", other, GoodPassword);
        var otherLink = (await app.Mail.WaitForAsync(other)).Link("/Account/Verify");
        var secret = Uri.UnescapeDataString(otherLink[(otherLink.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            var token = await session.LoadAsync<UserToken>(UserToken.Hash(secret));
            token!.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            session.Store(token);
            await session.SaveChangesAsync();
        }

        Assert.True((await client.VerifyEmailAsync(otherLink)).Has("[data-testid=verify-failed]"));
    }

    [Theory]
    [InlineData("", "Zadejte jméno a příjmení")]
    [InlineData("A", "Zadejte jméno a příjmení")]
    public async Task A_missing_name_is_said_at_the_field(string name, string message)
    {
        using var client = app.Client();
        var page = await Register(client, name, NewEmail(), GoodPassword);
        Assert.Contains(message, page.FieldError("Input_Name"));
        Assert.Equal("true", page.Document.QuerySelector("#Input_Name")!.GetAttribute("aria-invalid"));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("jana@localhost")]
    [InlineData("jana novakova@example.cz")]
    public async Task A_malformed_email_is_refused_and_nothing_is_stored(string email)
    {
        using var client = app.Client();
        var page = await Register(client, "Jana Nováková", email, GoodPassword);
        Assert.Contains("platnou e-mailovou adresu", page.FieldError("Input_Email"));
        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Null(await session.LoadAsync<EmailIndex>(EmailIndex.Normalize(email)));
    }

    [Theory]
    [InlineData("kratke", "alespoň 12 znaků")]
    [InlineData("password2026!", "příliš běžné")]
    [InlineData("123456789012", "příliš běžné")]
    [InlineData("aaaaaaaaaaaaaaa", "příliš běžné")]
    [InlineData("heslohesloheslo", "příliš běžné")]
    public async Task A_short_or_common_password_is_refused(string password, string message)
    {
        using var client = app.Client();
        var email = NewEmail();
        var page = await Register(client, "Jana Nováková", email, password);
        Assert.Contains(message, page.FieldError("Input_Password"));
        Assert.Equal(string.Empty, page.Document.QuerySelector("#Input_Password")!.GetAttribute("value"));
        Assert.Equal(email, page.Document.QuerySelector("#Input_Email")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_second_registration_of_an_address_answers_the_same_and_tells_the_owner()
    {
        using var client = app.Client();
        var email = await RegisteredAndVerified(client);
        var again = await Register(client, "Někdo Jiný", email, "Úplně jiné dlouhé heslo 77");
        Assert.True(again.Has("[data-testid=register-done]"));

        var notice = await app.Mail.WaitForAsync(email, count: 2);
        Assert.Equal("Pokus o novou registraci", notice.Subject);

        // The original password still works; the intruder's does not.
        Assert.Equal("/", (await SignIn(app.Client(), email, GoodPassword)).Url.AbsolutePath);
        Assert.Contains("nejsou správné", (await SignIn(app.Client(), email, "Úplně jiné dlouhé heslo 77")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        using var client = app.Client();
        var email = await RegisteredAndVerified(client);
        var wrong = await SignIn(client, email, "Tohle není moje heslo");
        var unknown = await SignIn(client, NewEmail(), "Tohle není moje heslo");
        Assert.Equal(wrong.Text(".error-summary"), unknown.Text(".error-summary"));
        Assert.Contains("E-mail nebo heslo nejsou správné.", wrong.Text(".error-summary"));
    }

    [Fact]
    public async Task Forgotten_password_reset_by_the_link_once()
    {
        using var client = app.Client();
        var email = await RegisteredAndVerified(client);
        var forgot = await client.SubmitAsync(await client.GetAsync("/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        Assert.True(forgot.Has("[data-testid=forgot-done]"));

        var unknown = NewEmail();
        var forgotUnknown = await client.SubmitAsync(await client.GetAsync("/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = unknown });
        Assert.Equal(forgot.Text("[data-testid=forgot-done]"), forgotUnknown.Text("[data-testid=forgot-done]"));

        var link = (await app.Mail.WaitForAsync(email, count: 2)).Link("/Account/ResetPassword");
        const string newPassword = "Nové heslo pro jaro dvacet sedm";
        var weak = await client.SubmitAsync(await client.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "heslo" });
        Assert.Contains("alespoň 12 znaků", weak.FieldError("Input_NewPassword"));

        var reset = await client.SubmitAsync(await client.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = newPassword });
        Assert.True(reset.Has("[data-testid=reset-done]"), reset.Html);

        var reused = await client.SubmitAsync(await client.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = "Ještě jedno nové heslo 2027" });
        Assert.Contains("už byl použit", reused.Text(".error-summary"));

        Assert.Contains("nejsou správné", (await SignIn(app.Client(), email, GoodPassword)).Html, StringComparison.Ordinal);
        Assert.Equal("/", (await SignIn(app.Client(), email, newPassword)).Url.AbsolutePath);
        Assert.Empty(app.Mail.For(unknown));
    }

    [Fact]
    public async Task Change_password_needs_the_current_one()
    {
        using var client = app.Client();
        var email = await RegisteredAndVerified(client);
        await SignIn(client, email, GoodPassword);
        const string newPassword = "Zelená louka u potoka 33";
        var wrong = await client.SubmitAsync(await client.GetAsync("/Account/ChangePassword"), "main form", new Dictionary<string, string?>
        {
            ["Input.CurrentPassword"] = "nesprávné heslo",
            ["Input.NewPassword"] = newPassword,
        });
        Assert.Contains("není správné", wrong.FieldError("Input_CurrentPassword"));

        var changed = await client.SubmitAsync(await client.GetAsync("/Account/ChangePassword"), "main form", new Dictionary<string, string?>
        {
            ["Input.CurrentPassword"] = GoodPassword,
            ["Input.NewPassword"] = newPassword,
        });
        Assert.True(changed.Has("[data-testid=change-done]"));
        Assert.Equal("/", (await SignIn(app.Client(), email, newPassword)).Url.AbsolutePath);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var client = app.Client();
        var response = await client.Http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "x@example.cz",
            ["Input.Password"] = GoodPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var client = app.Client();
        var email = await RegisteredAndVerified(client);
        await SignIn(client, email, GoodPassword);
        Assert.NotNull(CurrentUserCookie(client));
        var home = await client.GetAsync("/");
        var cookie = CurrentUserCookie(client)!.Value;
        var after = await client.SubmitAsync(home, "form[action='/Account/Logout']");
        Assert.True(after.Has("[data-testid=signed-out]"), after.Html);
        Assert.Null(CurrentUserCookie(client));
        Assert.Equal("/Account/Login", (await client.GetAsync("/Account/Profile")).Url.AbsolutePath);

        // A copy of the old cookie is worth nothing: the session it points at has ended.
        using var copy = new HttpClient { BaseAddress = app.BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", "portal.auth=" + cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/identity/me")).StatusCode);
    }

    private Cookie? CurrentUserCookie(PortalClient client) =>
        client.Cookies.GetCookies(app.BaseAddress).FirstOrDefault(c => c.Name == "portal.auth");
}
