using Marten;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Wolverine.Marten;

namespace Portal.Identity.Features;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>Unknown e-mail or wrong password: the same answer for both.</summary>
    Failed,

    /// <summary>Too many wrong passwords: try again later (said only after the right password, or for any e-mail alike).</summary>
    LockedOut,

    EmailNotConfirmed,
}

public sealed record SignInResult(SignInOutcome Outcome, AccountSnapshot? Account = null);

/// <summary>What the sign-in cookie is made of.</summary>
public sealed record AccountSnapshot(Guid Id, string Name, string? Email, LevelOfAssurance Level, IReadOnlyList<string> Roles, IReadOnlyList<string> Agendas)
{
    public static AccountSnapshot Of(UserAccount a) => new(a.Id, a.DisplayName, a.Email, a.Level, a.Roles, a.Agendas);
}

public sealed record SignInWithPassword(string? Email, string? Password, string? UserAgent) : IRequest<SignInResult>;

public sealed class SignInWithPasswordSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IPasswordHasher<UserAccount> hasher,
    IOptions<IdentityOptions> options,
    TimeProvider clock) : IRequestHandler<SignInWithPassword, SignInResult>
{
    public async ValueTask<SignInResult> Handle(SignInWithPassword request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordPolicy.MaxLength)
        {
            return new SignInResult(SignInOutcome.Failed);
        }

        var now = clock.GetUtcNow();
        var index = await session.LoadAsync<EmailIndex>(EmailIndex.Normalize(request.Email), cancellationToken);
        var account = index is null ? null : await session.LoadAsync<UserAccount>(index.UserId, cancellationToken);
        if (account?.PasswordHash is not { Length: > 0 } hash)
        {
            // Spend the same time as a real check, so the answer's timing does not tell which e-mails exist.
            hasher.VerifyHashedPassword(DummyAccount, DummyHash, request.Password);
            return new SignInResult(SignInOutcome.Failed);
        }

        if (account.IsLockedOut(now))
        {
            return new SignInResult(SignInOutcome.LockedOut);
        }

        var verification = hasher.VerifyHashedPassword(account, hash, request.Password);
        if (verification == PasswordVerificationResult.Failed)
        {
            account.RecordFailedSignIn(now, new LockoutPolicy(options.Value.LockoutAfterFailedAttempts, TimeSpan.FromMinutes(options.Value.LockoutMinutes)));
            session.Store(account);
            await session.SaveChangesAsync(cancellationToken);
            return new SignInResult(account.IsLockedOut(now) ? SignInOutcome.LockedOut : SignInOutcome.Failed);
        }

        if (!account.EmailConfirmed)
        {
            return new SignInResult(SignInOutcome.EmailNotConfirmed);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password);
        }

        outbox.Enroll(session);
        account.RecordSignIn(now);
        session.Store(account);
        session.Insert(SignInRecord.Create(account.Id, SignInMethods.Password, now, request.UserAgent));
        await outbox.PublishAsync(new SignedIn(account.Id, SignInMethods.Password, now));
        await session.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInOutcome.Succeeded, AccountSnapshot.Of(account));
    }

    private static readonly UserAccount DummyAccount = new();
    private static readonly string DummyHash = new PasswordHasher<UserAccount>().HashPassword(DummyAccount, "not-a-real-password-at-all");
}
