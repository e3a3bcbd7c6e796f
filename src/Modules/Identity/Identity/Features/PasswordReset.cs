using Marten;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Identity.Domain;
using Portal.Identity.Infrastructure;
using Portal.Shared;
using Portal.Shared.Email;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Identity.Features;

/// <summary>Forgotten password: sends a reset link when the address is known; the answer is the same either way.</summary>
public sealed record ForgotPassword(string? Email) : IRequest;

public sealed class ForgotPasswordSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    IOptions<IdentityOptions> options,
    Portal.Shared.Towns.ITowns towns,
    TimeProvider clock) : IRequestHandler<ForgotPassword>
{
    public async ValueTask<Unit> Handle(ForgotPassword request, CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim() ?? string.Empty;
        if (!AccountRules.IsValidEmail(email))
        {
            throw new ValidationFailedException("email", t["Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz."]);
        }

        var index = await session.LoadAsync<EmailIndex>(EmailIndex.Normalize(email), cancellationToken);
        var account = index is null ? null : await session.LoadAsync<UserAccount>(index.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        if (account?.Email is null || account.IsDeactivated
            || !await MailSent.TryTakeAsync(session, account.Email, options.Value.EmailsPerAddressPerHour, now, cancellationToken))
        {
            // The same work as for a known address (a token made and hashed), so the timing tells nothing either.
            _ = UserToken.Issue(Guid.Empty, TokenPurpose.ResetPassword, now, TimeSpan.Zero);
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        var minutes = options.Value.ResetLinkMinutes;
        var (token, secret) = UserToken.Issue(account.Id, TokenPurpose.ResetPassword, now, TimeSpan.FromMinutes(minutes));
        outbox.Enroll(session);

        // A new link voids every link sent before it.
        await UserToken.VoidOpenAsync(session, account.Id, TokenPurpose.ResetPassword, now, cancellationToken);
        session.Insert(token);
        await outbox.PublishAsync(new SendEmail(new EmailMessage(account.Email, account.DisplayName, t["Nové heslo k portálu"],
            string.Format(t["Dobrý den,\n\nnové heslo si nastavíte na této adrese (platí {0} minut a jen jednou):\n{1}\n\nPokud jste o nové heslo nežádali, e-mail ignorujte; vaše heslo zůstává beze změny."],
                minutes, towns.Current.Link("/Account/ResetPassword?token=" + Uri.EscapeDataString(secret))))));
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Sets a new password with a reset link: once, before it expires. Also confirms the e-mail and lifts a lockout.</summary>
public sealed record ResetPassword(string? Token, string? NewPassword) : IRequest;

public sealed class ResetPasswordSlice(
    IDocumentSession session,
    IPasswordHasher<UserAccount> hasher,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock) : IRequestHandler<ResetPassword>
{
    public async ValueTask<Unit> Handle(ResetPassword request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 100
            ? null
            : await session.LoadAsync<UserToken>(UserToken.Hash(request.Token), cancellationToken);
        var account = token is not null && token.IsUsable(TokenPurpose.ResetPassword, now)
            ? await session.LoadAsync<UserAccount>(token.UserId, cancellationToken)
            : null;
        if (token is null || account is null)
        {
            throw new ValidationFailedException("token", t["Odkaz pro nastavení hesla je neplatný, už byl použit, nebo vypršel. Požádejte o nový."]);
        }

        var errors = new ValidationErrors();
        AccountRules.CheckPassword(errors, "newPassword", request.NewPassword, account.Email, account.DisplayName, t);
        errors.ThrowIfAny();

        token.UsedAt = now;
        account.SetPassword(hasher.HashPassword(account, request.NewPassword!));
        account.EmailConfirmed = true; // the link reached the mailbox
        session.Store(token);
        session.Store(account);

        // Using a link voids the other open ones, and every session of the account ends: whoever knew the old
        // password (or rode an old cookie) is out.
        await UserToken.VoidOpenAsync(session, account.Id, TokenPurpose.ResetPassword, now, cancellationToken, except: token.Id);
        await Sessions.EndAllAsync(session, account.Id, SessionEnd.PasswordReset, now, null, cancellationToken);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // The same link used twice at once (UserToken has optimistic concurrency): the other use won.
            throw new ValidationFailedException("token", t["Odkaz pro nastavení hesla je neplatný, už byl použit, nebo vypršel. Požádejte o nový."]);
        }

        return Unit.Value;
    }
}

/// <summary>A signed-in person changes their password, proving the current one; their other sessions end.</summary>
public sealed record ChangePassword(Guid UserId, string? CurrentPassword, string? NewPassword, string? CurrentSessionSecret = null) : IRequest;

public sealed class ChangePasswordSlice(
    IDocumentSession session,
    IPasswordHasher<UserAccount> hasher,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock) : IRequestHandler<ChangePassword>
{
    public async ValueTask<Unit> Handle(ChangePassword request, CancellationToken cancellationToken)
    {
        var account = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken)
            ?? throw new NotFoundException("No such account.");
        var errors = new ValidationErrors();
        var hasPassword = account.PasswordHash is { Length: > 0 };
        if (hasPassword && (string.IsNullOrEmpty(request.CurrentPassword)
            || hasher.VerifyHashedPassword(account, account.PasswordHash!, request.CurrentPassword) == PasswordVerificationResult.Failed))
        {
            errors.Add("currentPassword", t["Současné heslo není správné."]);
        }

        AccountRules.CheckPassword(errors, "newPassword", request.NewPassword, account.Email, account.DisplayName, t);
        errors.ThrowIfAny();

        account.SetPassword(hasher.HashPassword(account, request.NewPassword!));
        session.Store(account);
        await Sessions.EndAllAsync(session, account.Id, SessionEnd.PasswordChanged, clock.GetUtcNow(), request.CurrentSessionSecret, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
