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
    public void Lockout_starts_at_the_limit_and_a_sign_in_clears_the_count()
    {
        var now = DateTimeOffset.Parse("2026-11-24T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var policy = new LockoutPolicy(3, TimeSpan.FromMinutes(15));
        var account = new UserAccount();
        account.RecordFailedSignIn(now, policy);
        account.RecordFailedSignIn(now, policy);
        Assert.False(account.IsLockedOut(now));
        account.RecordFailedSignIn(now, policy);
        Assert.True(account.IsLockedOut(now.AddMinutes(14)));
        Assert.False(account.IsLockedOut(now.AddMinutes(15)));
        account.RecordSignIn(now.AddMinutes(16));
        Assert.Equal(0, account.FailedSignIns);
        Assert.Null(account.LockedUntil);
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
    [InlineData("http://eidas.europa.eu/LoA/substantial", "low", LevelOfAssurance.Substantial)]
    [InlineData("http://eidas.europa.eu/LoA/high", "substantial", LevelOfAssurance.High)]
    [InlineData("http://eidas.europa.eu/LoA/low", "substantial", LevelOfAssurance.Low)]
    [InlineData(null, "substantial", LevelOfAssurance.Substantial)]
    [InlineData("urn:something:else", "substantial", LevelOfAssurance.None)]
    public void The_level_comes_from_acr_or_else_from_what_was_asked(string? acr, string requested, LevelOfAssurance expected) =>
        Assert.Equal(expected, AccountPrincipal.ParseLevel(acr, requested));

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
    public void CurrentUser_reads_what_the_cookie_carries()
    {
        var snapshot = new Features.AccountSnapshot(Guid.NewGuid(), "Eva Úřednice", "eva@mesto.cz", LevelOfAssurance.None, [PortalRoles.Clerk], [Agendas.Fees]);
        var me = CurrentUser.From(AccountPrincipal.Create(snapshot, SignInMethods.Password))!;
        Assert.Equal(snapshot.Id, me.Id);
        Assert.True(me.IsClerkOf(Agendas.Fees));
        Assert.False(me.IsClerkOf(Agendas.Building));
        Assert.False(me.IsVerified);
        Assert.Null(CurrentUser.From(new System.Security.Claims.ClaimsPrincipal()));
    }
}
