using Marten;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Infrastructure;
using Wolverine.Marten;

namespace Portal.Identity.Features;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>Unknown e-mail or wrong password: the same answer for both.</summary>
    Failed,

    /// <summary>Too many wrong passwords from this client (or on this account from this client): wait <see cref="SignInResult.RetryAfter"/>.</summary>
    Delayed,

    EmailNotConfirmed,

    /// <summary>The right password of an account an administrator deactivated.</summary>
    Deactivated,
}

/// <summary>The outcome; on success the account and the new session's secret for the cookie.</summary>
public sealed record SignInResult(SignInOutcome Outcome, Guid? UserId = null, string? SessionSecret = null, TimeSpan? RetryAfter = null);

/// <summary>A password sign-in from a client address. The session it starts is "low": it never sees personal data.</summary>
public sealed record SignInWithPassword(string? Email, string? Password, string? UserAgent, string? ClientAddress = null) : IRequest<SignInResult>;

public sealed class SignInWithPasswordSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IPasswordHasher<UserAccount> hasher,
    IOptions<IdentityOptions> options,
    TimeProvider clock,
    Portal.Shared.TownClock town) : IRequestHandler<SignInWithPassword, SignInResult>
{
    public async ValueTask<SignInResult> Handle(SignInWithPassword request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254 || string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordPolicy.MaxLength)
        {
            return new SignInResult(SignInOutcome.Failed);
        }

        var now = clock.GetUtcNow();
        var policy = options.Value.DelayPolicy;
        var email = EmailIndex.Normalize(request.Email);
        var client = request.ClientAddress ?? "unknown";

        // The waits are keyed on the address typed, known or not, so they say nothing about which accounts exist.
        var keys = new[] { SignInThrottle.ForAccount(email), SignInThrottle.ForPair(email, client), SignInThrottle.ForClient(client) };
        var throttles = (await session.LoadManyAsync<SignInThrottle>(cancellationToken, keys)).ToDictionary(t => t.Id);
        var accountThrottle = throttles.GetValueOrDefault(keys[0]);
        var pairThrottle = throttles.GetValueOrDefault(keys[1]);
        var clientThrottle = throttles.GetValueOrDefault(keys[2]);
        var waitUntil = new[]
        {
            // The account's wait holds only for clients that failed on it: the owner elsewhere still gets in.
            pairThrottle is { } p && p.CurrentFailures(now, policy) > 0 ? accountThrottle?.WaitUntil(now, policy.FreePerAccount, policy) : null,
            pairThrottle?.WaitUntil(now, policy.FreePerPair, policy),
            clientThrottle?.WaitUntil(now, policy.FreePerClient, policy),
        }.Max();
        if (waitUntil is { } until && until > now)
        {
            return new SignInResult(SignInOutcome.Delayed, RetryAfter: until - now);
        }

        var index = await session.LoadAsync<EmailIndex>(email, cancellationToken);
        var account = index is null ? null : await session.LoadAsync<UserAccount>(index.UserId, cancellationToken);
        var verification = PasswordVerificationResult.Failed;
        if (account?.PasswordHash is { Length: > 0 } hash)
        {
            verification = hasher.VerifyHashedPassword(account, hash, request.Password);
        }
        else
        {
            // Spend the same time as a real check, so the answer's timing does not tell which e-mails exist.
            hasher.VerifyHashedPassword(DummyAccount, DummyHash, request.Password);
        }

        if (account is null || verification == PasswordVerificationResult.Failed)
        {
            foreach (var key in keys)
            {
                var throttle = throttles.GetValueOrDefault(key) ?? new SignInThrottle { Id = key };
                throttle.RecordFailure(now, policy);
                session.Store(throttle);
            }

            await session.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInOutcome.Failed);
        }

        // The right password: this client's failures on this account are forgiven.
        if (pairThrottle is not null)
        {
            session.Delete(pairThrottle);
        }

        if (account.IsDeactivated)
        {
            await session.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInOutcome.Deactivated);
        }

        if (!account.EmailConfirmed)
        {
            await session.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInOutcome.EmailNotConfirmed);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, request.Password);
        }

        outbox.Enroll(session);
        account.RecordSignIn(now);
        session.Store(account);
        var secret = Sessions.Start(session, account, SignInMethods.Password, LevelOfAssurance.None, now, request.UserAgent, request.ClientAddress);
        session.Insert(SignInRecord.Create(account.Id, SignInMethods.Password, now, request.UserAgent, town.Zone));
        await outbox.PublishAsync(new SignedIn(account.Id, SignInMethods.Password, now));
        await session.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInOutcome.Succeeded, account.Id, secret);
    }

    private static readonly UserAccount DummyAccount = new();
    private static readonly string DummyHash = new PasswordHasher<UserAccount>().HashPassword(DummyAccount, "not-a-real-password-at-all");
}
