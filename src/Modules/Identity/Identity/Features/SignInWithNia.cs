using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Infrastructure;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Identity.Features;

/// <summary>The eIDAS attributes NIA releases, as they arrived in the validated id_token, and the level it achieved.</summary>
public sealed record NiaAttributes(
    string? PersonIdentifier,
    string? GivenName,
    string? FamilyName,
    string? DateOfBirth,
    string? PlaceOfBirth,
    string? Address,
    string? Email,
    LevelOfAssurance Level)
{
    internal NiaIdentity Validate(IStringLocalizer t, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(PersonIdentifier) || PersonIdentifier.Length > 256)
        {
            errors.Add("PersonIdentifier", t["Národní identita neposlala identifikátor osoby. Přihlášení nelze dokončit."]);
        }

        if (string.IsNullOrWhiteSpace(GivenName) || string.IsNullOrWhiteSpace(FamilyName) || GivenName.Length > 100 || FamilyName.Length > 100)
        {
            errors.Add("CurrentFamilyName", t["Národní identita neposlala jméno a příjmení. Přihlášení nelze dokončit."]);
        }

        errors.ThrowIfAny();
        return new NiaIdentity(
            PersonIdentifier!.Trim(),
            GivenName!.Trim(),
            FamilyName!.Trim(),
            DateOnly.TryParse(DateOfBirth, CultureInfo.InvariantCulture, out var dob) ? dob : null,
            PlaceOfBirth is { Length: <= 200 } ? PlaceOfBirth : null,
            Address is { Length: <= 500 } ? Address : null,
            Level,
            now);
    }
}

/// <summary>A NIA sign-in's outcome: the account, the new session's secret, the level achieved.</summary>
public sealed record NiaSignInResult(Guid UserId, string SessionSecret, LevelOfAssurance Level);

/// <summary>
/// A sign-in through NIA: into the account linked to this identity, or a new verified citizen account on the first
/// one. It never links the identity to an account that happens to be signed in in the browser (that session is
/// ended by the page before this runs); linking is <see cref="LinkNia"/>, started by the account's owner.
/// </summary>
public sealed record SignInWithNia(NiaAttributes Attributes, string? UserAgent, string? ClientAddress = null) : IRequest<NiaSignInResult>;

public sealed class SignInWithNiaSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock,
    Portal.Shared.TownClock town) : IRequestHandler<SignInWithNia, NiaSignInResult>
{
    public async ValueTask<NiaSignInResult> Handle(SignInWithNia request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var nia = request.Attributes.Validate(t, now);

        outbox.Enroll(session);
        var link = await session.LoadAsync<NiaLink>(nia.PersonIdentifier, cancellationToken);
        UserAccount account;
        if (link is not null)
        {
            account = await session.LoadAsync<UserAccount>(link.UserId, cancellationToken)
                ?? throw new InvalidOperationException("A NIA link points at a missing account.");
            if (account.IsDeactivated)
            {
                throw new ValidationFailedException("account", t["Účet je deaktivován. Obraťte se na správce portálu."]);
            }

            account.LinkNia(nia); // refreshes name and address from the latest sign-in
        }
        else
        {
            account = UserAccount.CreateFromNia(nia, request.Attributes.Email is { Length: <= 254 } e ? e : null, now);
            session.Insert(account);
            session.Insert(new NiaLink { Id = nia.PersonIdentifier, UserId = account.Id });
            await outbox.PublishAsync(new CitizenRegistered(account.Id, AccountKind.Nia, now));
            await outbox.PublishAsync(new CitizenVerified(account.Id, nia.Level, now));
        }

        var secret = await NiaSessions.StartAsync(session, outbox, account, nia, now, request.UserAgent, request.ClientAddress, town.Zone);

        // NiaLink's id is the PersonIdentifier: two first sign-ins of one person at once cannot make two accounts.
        await session.SaveChangesAsync(cancellationToken);
        return new NiaSignInResult(account.Id, secret, nia.Level);
    }
}

/// <summary>What a NIA sign-in does to the account in every case: a NIA session, the record, and the events.</summary>
internal static class NiaSessions
{
    public static async Task<string> StartAsync(IDocumentSession session, IMartenOutbox outbox, UserAccount account, NiaIdentity nia, DateTimeOffset now, string? userAgent, string? clientAddress, TimeZoneInfo zone)
    {
        account.RecordSignIn(now);
        session.Store(account);
        var secret = Sessions.Start(session, account, SignInMethods.Nia, nia.Level, now, userAgent, clientAddress);
        session.Insert(SignInRecord.Create(account.Id, SignInMethods.Nia, now, userAgent, zone));

        // Only a sign-in at substantial or higher may pair records about a person (fee payers) with the account.
        if (nia.Level >= LevelOfAssurance.Substantial)
        {
            await outbox.PublishAsync(new VerifiedSignIn(account.Id, nia.FullName, nia.DateOfBirth, nia.Level, now, nia.Address));
        }

        await outbox.PublishAsync(new SignedIn(account.Id, SignInMethods.Nia, now));
        return secret;
    }
}

/// <summary>What the linking confirmation names: the account signed in and the NIA identity that came back.</summary>
public sealed record NiaLinkPreview(string AccountName, string? AccountEmail, string NiaName, DateOnly? NiaDateOfBirth, LevelOfAssurance Level);

/// <summary>Checks that the identity may be linked to the account (nothing is written) and says what the confirmation shows.</summary>
public sealed record PreviewNiaLink(Guid UserId, NiaAttributes Attributes) : IRequest<NiaLinkPreview>;

public sealed class PreviewNiaLinkSlice(IQuerySession session, IStringLocalizer<IdentityText> t, TimeProvider clock) : IRequestHandler<PreviewNiaLink, NiaLinkPreview>
{
    public async ValueTask<NiaLinkPreview> Handle(PreviewNiaLink request, CancellationToken cancellationToken)
    {
        var nia = request.Attributes.Validate(t, clock.GetUtcNow());
        var account = await NiaLinking.CheckAsync(session, request.UserId, nia, t, cancellationToken);
        return new NiaLinkPreview(account.DisplayName, account.Email, nia.FullName, nia.DateOfBirth, nia.Level);
    }
}

/// <summary>
/// The owner of a signed-in account links it to the NIA identity they just signed in with (after confirming both
/// sides). An identity linked to another account is never moved; an account holds one identity. The session
/// becomes a NIA session of the level achieved (the password session it replaces is ended).
/// </summary>
public sealed record LinkNia(Guid UserId, string CurrentSessionSecret, NiaAttributes Attributes, string? UserAgent, string? ClientAddress = null) : IRequest<NiaSignInResult>;

public sealed class LinkNiaSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock,
    Portal.Shared.TownClock town) : IRequestHandler<LinkNia, NiaSignInResult>
{
    public async ValueTask<NiaSignInResult> Handle(LinkNia request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var nia = request.Attributes.Validate(t, now);
        outbox.Enroll(session);
        var account = await NiaLinking.CheckAsync(session, request.UserId, nia, t, cancellationToken);

        account.LinkNia(nia);
        session.Insert(new NiaLink { Id = nia.PersonIdentifier, UserId = account.Id });
        await outbox.PublishAsync(new CitizenVerified(account.Id, nia.Level, now));
        if (await session.LoadAsync<UserSession>(UserSession.Hash(request.CurrentSessionSecret), cancellationToken) is { } current)
        {
            current.End(SessionEnd.ReplacedBySignIn, now);
            session.Store(current);
        }

        var secret = await NiaSessions.StartAsync(session, outbox, account, nia, now, request.UserAgent, request.ClientAddress, town.Zone);

        // NiaLink's id is the PersonIdentifier: the same identity linked to two accounts at once fails here, whole.
        await session.SaveChangesAsync(cancellationToken);
        return new NiaSignInResult(account.Id, secret, nia.Level);
    }
}

internal static class NiaLinking
{
    public static async Task<UserAccount> CheckAsync(IQuerySession session, Guid userId, NiaIdentity nia, IStringLocalizer t, CancellationToken cancellationToken)
    {
        var account = await session.LoadAsync<UserAccount>(userId, cancellationToken)
            ?? throw new NotFoundException("The signed-in account does not exist.");
        if (account.Nia is not null)
        {
            throw new ValidationFailedException("PersonIdentifier", t["Váš účet už je propojen s národní identitou. Jiné propojení nejdřív zrušte v profilu."]);
        }

        if (await session.LoadAsync<NiaLink>(nia.PersonIdentifier, cancellationToken) is not null)
        {
            throw new ValidationFailedException("PersonIdentifier", t["Tato národní identita už patří k jinému účtu portálu a nelze ji převést. Přihlaste se přes NIA do toho účtu."]);
        }

        return account;
    }
}

/// <summary>
/// The owner removes the NIA identity from the account (confirmed on a page). Only an account that can still be
/// signed into by password; its other sessions end, and modules drop what they tied to it through that identity.
/// </summary>
public sealed record UnlinkNia(Guid UserId, string CurrentSessionSecret) : IRequest;

public sealed class UnlinkNiaSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock) : IRequestHandler<UnlinkNia>
{
    public async ValueTask<Unit> Handle(UnlinkNia request, CancellationToken cancellationToken)
    {
        var account = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken)
            ?? throw new NotFoundException("No such account.");
        if (account.Nia is null)
        {
            throw new ValidationFailedException("nia", t["Účet není propojen s národní identitou."]);
        }

        if (!account.CanUnlinkNia)
        {
            throw new ValidationFailedException("nia", t["Do tohoto účtu se přihlašujete jen přes NIA. Než propojení zrušíte, nastavte si e-mail a heslo."]);
        }

        var now = clock.GetUtcNow();
        outbox.Enroll(session);
        session.Delete<NiaLink>(account.Nia.PersonIdentifier);
        account.UnlinkNia();
        session.Store(account);
        await Sessions.EndAllAsync(session, account.Id, SessionEnd.NiaUnlinked, now, request.CurrentSessionSecret, cancellationToken);
        await outbox.PublishAsync(new CitizenUnlinked(account.Id, now));
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
