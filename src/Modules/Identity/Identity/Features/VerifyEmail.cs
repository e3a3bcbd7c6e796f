using Marten;
using Mediator;
using Portal.Identity.Domain;

namespace Portal.Identity.Features;

public enum VerifyEmailResult
{
    Verified,
    InvalidOrExpired,
}

/// <summary>Consumes an e-mail verification link: once, before it expires.</summary>
public sealed record VerifyEmail(string? Token) : IRequest<VerifyEmailResult>;

public sealed class VerifyEmailSlice(IDocumentSession session, TimeProvider clock) : IRequestHandler<VerifyEmail, VerifyEmailResult>
{
    public async ValueTask<VerifyEmailResult> Handle(VerifyEmail request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 100)
        {
            return VerifyEmailResult.InvalidOrExpired;
        }

        var now = clock.GetUtcNow();
        var token = await session.LoadAsync<UserToken>(UserToken.Hash(request.Token), cancellationToken);
        if (token is null || !token.IsUsable(TokenPurpose.VerifyEmail, now))
        {
            return VerifyEmailResult.InvalidOrExpired;
        }

        var account = await session.LoadAsync<UserAccount>(token.UserId, cancellationToken);
        if (account is null)
        {
            return VerifyEmailResult.InvalidOrExpired;
        }

        token.UsedAt = now;
        account.EmailConfirmed = true;
        session.Store(token);
        session.Store(account);
        await session.SaveChangesAsync(cancellationToken);
        return VerifyEmailResult.Verified;
    }
}
