using CsCheck;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Infrastructure;

namespace Portal.Identity.Tests;

/// <summary>Domain rules without a database.</summary>
public sealed class DomainTests
{
    private static readonly Gen<string> Strong = Gen.String[Gen.Char["abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789 -áčřžý"], 12, 60]
        .Where(s => s.Distinct().Count() > 6);

    [Fact]
    public void Any_password_shorter_than_12_characters_is_too_short() =>
        Gen.String[0, 11].Sample(p => PasswordPolicy.Check(p) == PasswordProblem.TooShort);

    [Fact]
    public void Long_varied_passwords_are_accepted() =>
        Strong.Sample(p => PasswordPolicy.Check(p) == PasswordProblem.None);

    [Fact]
    public void Longer_than_256_is_refused() =>
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(new string('x', 200) + "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+ABCDEFGHIJKLMNOPQRSTUVWXYZ"));

    [Theory]
    [InlineData("password")]
    [InlineData("heslo")]
    [InlineData("qwertzuiop")]
    [InlineData("praha")]
    public void A_common_word_with_any_digits_or_punctuation_around_it_is_common(string word) =>
        Gen.String[Gen.Char["0123456789!@#.-_"], 0, 12].Select(Gen.String[Gen.Char["0123456789!?"], 0, 6])
            .Where((after, before) => (before + word + after).Length >= 12)
            .Sample((after, before) => PasswordPolicy.Check(before + word + after) == PasswordProblem.TooCommon);

    [Fact]
    public void A_password_made_of_the_email_is_refused() =>
        Assert.Equal(PasswordProblem.ContainsPersonalData, PasswordPolicy.Check("novakova.jana1985", "novakova.jana@example.cz", "Jana Nováková"));

    [Fact]
    public void A_wrong_password_beyond_the_free_ones_doubles_the_wait_up_to_the_cap_and_is_forgotten_after_a_day()
    {
        var policy = SignInDelayPolicy.Default;
        Gen.Int[0, 200].Select(Gen.Int[1, 30]).Sample((failures, free) =>
        {
            var delay = policy.Delay(failures, free);
            var next = policy.Delay(failures + 1, free);
            return (failures < free ? delay == TimeSpan.Zero : delay >= TimeSpan.FromSeconds(1))
                && delay <= policy.MaxDelay
                && next >= delay
                && (next == policy.MaxDelay || failures < free || next == delay * 2);
        });

        var now = DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var throttle = new SignInThrottle { Id = "p:x" };
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure(now, policy);
        }

        Assert.Equal(now + TimeSpan.FromSeconds(4), throttle.WaitUntil(now, 3, policy));
        Assert.Equal(0, throttle.CurrentFailures(now + TimeSpan.FromHours(25), policy));
        throttle.RecordFailure(now + TimeSpan.FromHours(25), policy);
        Assert.Equal(1, throttle.Failures);
    }

    [Fact]
    public void A_session_ends_when_idle_too_long_when_too_old_or_when_ended_and_staff_sessions_are_shorter()
    {
        var now = DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var options = new SessionOptions { IdleMinutes = 30, AbsoluteHours = 12, StaffIdleMinutes = 10, StaffAbsoluteHours = 8 };
        var citizen = new UserAccount { Roles = [PortalRoles.Citizen] };
        var clerk = new UserAccount { Roles = [PortalRoles.Clerk] };
        var (session, secret) = UserSession.Start(citizen.Id, SignInMethods.Password, LevelOfAssurance.High, now, "Firefox", "127.0.0.1");
        Assert.Equal(UserSession.Hash(secret), session.Id);
        Assert.Equal(LevelOfAssurance.None, session.Level); // a password session never carries a level
        Assert.True(session.IsActive(now.AddMinutes(29), SessionLimits.For(citizen, options)));
        Assert.False(session.IsActive(now.AddMinutes(30), SessionLimits.For(citizen, options)));
        Assert.False(session.IsActive(now.AddMinutes(10), SessionLimits.For(clerk, options)));

        // Kept busy, it still ends at its absolute lifetime.
        session.LastSeenAt = now.AddHours(11).AddMinutes(59);
        Assert.True(session.IsActive(now.AddHours(11).AddMinutes(59), SessionLimits.For(citizen, options)));
        session.LastSeenAt = now.AddHours(12);
        Assert.False(session.IsActive(now.AddHours(12), SessionLimits.For(citizen, options)));

        session.LastSeenAt = now;
        session.End(SessionEnd.SignedOut, now);
        Assert.False(session.IsActive(now, SessionLimits.For(citizen, options)));
    }

    [Fact]
    public void An_account_holds_one_NIA_identity()
    {
        var now = DateTimeOffset.UtcNow;
        var account = new UserAccount();
        account.LinkNia(new NiaIdentity("CZ/CZ/1", "Jana", "Nová", null, null, null, LevelOfAssurance.Substantial, now));
        account.LinkNia(new NiaIdentity("CZ/CZ/1", "Jana", "Nováková", null, null, null, LevelOfAssurance.High, now));
        Assert.Equal("Jana Nováková", account.DisplayName);
        Assert.Equal(LevelOfAssurance.High, account.Level);
        Assert.Throws<InvalidOperationException>(() =>
            account.LinkNia(new NiaIdentity("CZ/CZ/2", "Petr", "Jiný", null, null, null, LevelOfAssurance.Substantial, now)));
    }

    [Theory]
    [InlineData("http://eidas.europa.eu/LoA/substantial", LevelOfAssurance.Substantial)]
    [InlineData("http://eidas.europa.eu/LoA/high", LevelOfAssurance.High)]
    [InlineData("http://eidas.europa.eu/LoA/low", LevelOfAssurance.Low)]
    [InlineData("loasubstantial", LevelOfAssurance.Substantial)]
    [InlineData("LOAHIGH", LevelOfAssurance.High)]
    [InlineData("loalow", LevelOfAssurance.Low)]
    [InlineData(null, LevelOfAssurance.None)]
    [InlineData("", LevelOfAssurance.None)]
    [InlineData("urn:something:else", LevelOfAssurance.None)]
    [InlineData("http://eidas.europa.eu/LoA/notlow-high", LevelOfAssurance.None)]
    [InlineData("http://attacker.example/LoA/high", LevelOfAssurance.None)]
    [InlineData("xloasubstantial", LevelOfAssurance.None)]
    [InlineData("high", LevelOfAssurance.None)]
    public void The_level_comes_from_acr_only_never_from_what_was_asked(string? acr, LevelOfAssurance expected) =>
        Assert.Equal(expected, AccountPrincipal.ParseLevel(acr));

    [Fact]
    public void One_time_tokens_are_stored_only_as_hashes_and_expire()
    {
        var now = DateTimeOffset.UtcNow;
        var (token, secret) = UserToken.Issue(Guid.NewGuid(), TokenPurpose.ResetPassword, now, TimeSpan.FromMinutes(60));
        Assert.NotEqual(secret, token.Id);
        Assert.Equal(UserToken.Hash(secret), token.Id);
        Assert.True(token.IsUsable(TokenPurpose.ResetPassword, now.AddMinutes(59)));
        Assert.False(token.IsUsable(TokenPurpose.VerifyEmail, now));
        Assert.False(token.IsUsable(TokenPurpose.ResetPassword, now.AddMinutes(60)));
        token.UsedAt = now;
        Assert.False(token.IsUsable(TokenPurpose.ResetPassword, now));
    }

    [Fact]
    public void CurrentUser_reads_the_principal_rebuilt_from_account_and_session()
    {
        var now = DateTimeOffset.UtcNow;
        var clerk = new UserAccount { Id = Guid.NewGuid(), DisplayName = "Eva Úřednice", Email = "eva@mesto.cz", Roles = [PortalRoles.Clerk], Agendas = [Agendas.Fees] };
        var (password, secret) = UserSession.Start(clerk.Id, SignInMethods.Password, LevelOfAssurance.None, now, null, null);
        var me = CurrentUser.From(AccountPrincipal.Create(clerk, password, secret, LevelOfAssurance.Substantial))!;
        Assert.Equal(clerk.Id, me.Id);
        Assert.True(me.IsClerkOf(Agendas.Fees));
        Assert.False(me.IsClerkOf(Agendas.Building));
        Assert.False(me.IsVerified);
        Assert.True(me.IsStaff);
        Assert.Null(CurrentUser.From(new System.Security.Claims.ClaimsPrincipal()));

        // The cookie alone carries no roles, no level.
        var cookie = CurrentUser.From(AccountPrincipal.ForCookie(clerk.Id, secret))!;
        Assert.Empty(cookie.Roles);
        Assert.False(cookie.IsVerified);
    }

    [Theory]
    [InlineData(SignInMethods.Nia, LevelOfAssurance.Substantial, true, LevelOfAssurance.Substantial, true)]
    [InlineData(SignInMethods.Nia, LevelOfAssurance.High, true, LevelOfAssurance.Substantial, true)]
    [InlineData(SignInMethods.Nia, LevelOfAssurance.Low, true, LevelOfAssurance.Substantial, false)]
    [InlineData(SignInMethods.Nia, LevelOfAssurance.Substantial, true, LevelOfAssurance.High, false)]
    [InlineData(SignInMethods.Nia, LevelOfAssurance.Substantial, false, LevelOfAssurance.Substantial, false)]
    [InlineData(SignInMethods.Password, LevelOfAssurance.High, true, LevelOfAssurance.Substantial, false)]
    public void Personal_data_needs_this_session_through_NIA_at_the_required_level(string method, LevelOfAssurance level, bool linked, LevelOfAssurance required, bool verified)
    {
        var now = DateTimeOffset.UtcNow;
        var account = new UserAccount { Id = Guid.NewGuid(), Roles = [PortalRoles.Citizen] };
        if (linked)
        {
            account.LinkNia(new NiaIdentity("CZ/CZ/1", "Jana", "Nová", null, null, null, LevelOfAssurance.High, now));
        }

        var (session, secret) = UserSession.Start(account.Id, method, level, now, null, null);
        Assert.Equal(verified, CurrentUser.From(AccountPrincipal.Create(account, session, secret, required))!.IsVerified);
    }

    [Theory]
    [InlineData("low", LevelOfAssurance.Substantial)]
    [InlineData("substantial", LevelOfAssurance.Substantial)]
    [InlineData("high", LevelOfAssurance.High)]
    public void The_required_level_is_the_configured_one_but_never_below_substantial(string configured, LevelOfAssurance required) =>
        Assert.Equal(required, new IdentityOptions { Nia = new NiaOptions { LevelOfAssurance = configured } }.RequiredLevel);
}
