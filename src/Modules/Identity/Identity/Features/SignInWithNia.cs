using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Identity.Features;

/// <summary>The eIDAS attributes NIA releases, as they arrived in the validated id_token.</summary>
public sealed record NiaAttributes(
    string? PersonIdentifier,
    string? GivenName,
    string? FamilyName,
    string? DateOfBirth,
    string? PlaceOfBirth,
    string? Address,
    string? Email,
    LevelOfAssurance Level);

/// <summary>
/// A sign-in through NIA. The first one creates a verified citizen account; when a personal account is signed in
/// (<paramref name="SignedInUserId"/>), it is linked instead. A NIA identity belongs to one account only.
/// </summary>
public sealed record SignInWithNia(NiaAttributes Attributes, Guid? SignedInUserId, string? UserAgent) : IRequest<AccountSnapshot>;

public sealed class SignInWithNiaSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    TimeProvider clock) : IRequestHandler<SignInWithNia, AccountSnapshot>
{
    public async ValueTask<AccountSnapshot> Handle(SignInWithNia request, CancellationToken cancellationToken)
    {
        var a = request.Attributes;
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(a.PersonIdentifier) || a.PersonIdentifier.Length > 256)
        {
            errors.Add("PersonIdentifier", t["Národní identita neposlala identifikátor osoby. Přihlášení nelze dokončit."]);
        }

        if (string.IsNullOrWhiteSpace(a.GivenName) || string.IsNullOrWhiteSpace(a.FamilyName))
        {
            errors.Add("CurrentFamilyName", t["Národní identita neposlala jméno a příjmení. Přihlášení nelze dokončit."]);
        }

        if (a.Level < LevelOfAssurance.Low)
        {
            errors.Add("acr", t["Národní identita neověřila osobu na požadované úrovni."]);
        }

        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var nia = new NiaIdentity(
            a.PersonIdentifier!.Trim(),
            a.GivenName!.Trim(),
            a.FamilyName!.Trim(),
            DateOnly.TryParse(a.DateOfBirth, CultureInfo.InvariantCulture, out var dob) ? dob : null,
            a.PlaceOfBirth,
            a.Address,
            a.Level,
            now);

        outbox.Enroll(session);
        var link = await session.LoadAsync<NiaLink>(nia.PersonIdentifier, cancellationToken);
        UserAccount account;
        if (link is not null)
        {
            if (request.SignedInUserId is { } signedIn && signedIn != link.UserId)
            {
                throw new ValidationFailedException("PersonIdentifier", t["Tato národní identita už je propojena s jiným účtem portálu. Odhlaste se a přihlaste se přes národní identitu."]);
            }

            account = await session.LoadAsync<UserAccount>(link.UserId, cancellationToken)
                ?? throw new InvalidOperationException("A NIA link points at a missing account.");
            account.LinkNia(nia); // refreshes name, address and level from the latest sign-in
        }
        else if (request.SignedInUserId is { } userId)
        {
            account = await session.LoadAsync<UserAccount>(userId, cancellationToken)
                ?? throw new NotFoundException("The signed-in account does not exist.");
            if (account.Nia is not null)
            {
                throw new ValidationFailedException("PersonIdentifier", t["Váš účet už je propojen s jinou národní identitou."]);
            }

            account.LinkNia(nia);
            session.Insert(new NiaLink { Id = nia.PersonIdentifier, UserId = account.Id });
            await outbox.PublishAsync(new CitizenVerified(account.Id, nia.Level, now));
        }
        else
        {
            account = UserAccount.CreateFromNia(nia, a.Email, now);
            session.Insert(account);
            session.Insert(new NiaLink { Id = nia.PersonIdentifier, UserId = account.Id });
            await outbox.PublishAsync(new CitizenRegistered(account.Id, AccountKind.Nia, now));
            await outbox.PublishAsync(new CitizenVerified(account.Id, nia.Level, now));
        }

        account.RecordSignIn(now);
        session.Store(account);
        session.Insert(SignInRecord.Create(account.Id, SignInMethods.Nia, now, request.UserAgent));
        if (nia.Level >= LevelOfAssurance.Substantial)
        {
            await outbox.PublishAsync(new VerifiedSignIn(account.Id, $"{nia.GivenName} {nia.FamilyName}".Trim(), nia.DateOfBirth, nia.Level, now));
        }
        await outbox.PublishAsync(new SignedIn(account.Id, SignInMethods.Nia, now));

        // NiaLink's id is the PersonIdentifier: two first sign-ins of one person at once cannot make two accounts.
        await session.SaveChangesAsync(cancellationToken);
        return AccountSnapshot.Of(account);
    }
}
