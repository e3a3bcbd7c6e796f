using System.Globalization;
using System.Text;
using Marten;
using Portal.Fees.Contracts;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Wolverine;

namespace Portal.Fees.Features;

/// <summary>
/// A citizen signed in through NIA: registrations of a payer with this name and date of birth (entered by a clerk, taken
/// over from the old system) are paired with the account only when NIA's address matches the registration's too
/// (street, house number and PSČ; <see cref="PayerAddress"/>) and no other identity has matched the same payer. A
/// payer matching by name and date of birth alone, or matched by two identities, becomes a proposal the fees clerk
/// decides (<see cref="PairingProposal"/>): a namesake never takes a payer's fees by signing in first.
/// </summary>
public static class VerifiedSignInHandler
{
    public static async Task<OutgoingMessages> Handle(VerifiedSignIn message, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        if (message.DateOfBirth is not { } born || message.Level < LevelOfAssurance.Substantial)
        {
            return outgoing;
        }

        var name = Normalize(message.Name);
        var sameNameAndBirth = (await session.Query<Registration>().Where(r => r.PayerBirthDate == born).ToListAsync(cancellationToken))
            .Where(r => Normalize(r.PayerName) == name && r.CitizenId != message.UserId).ToList();
        if (sameNameAndBirth.Count == 0)
        {
            return outgoing;
        }

        var registrationIds = sameNameAndBirth.Select(r => r.Id).ToArray();
        var proposals = await session.Query<PairingProposal>().Where(p => p.RegistrationId.IsOneOf(registrationIds)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var mine = new List<Registration>();
        foreach (var registration in sameNameAndBirth)
        {
            var others = proposals.Where(p => p.RegistrationId == registration.Id && p.UserId != message.UserId && p.State == PairingState.Open).ToList();
            var addressMatches = PayerAddress.Same(registration.Address, message.Address);
            if (registration.CitizenId is null && addressMatches && others.Count == 0)
            {
                mine.Add(registration);
                continue;
            }

            // A rejected proposal stays rejected: signing in again does not ask the clerk again.
            var id = PairingProposal.IdFor(registration.Id, message.UserId);
            if (proposals.FirstOrDefault(p => p.Id == id) is { State: not PairingState.Open })
            {
                continue;
            }

            var reason = registration.CitizenId is not null ? PairingReason.PairedToAnother
                : others.Count > 0 ? PairingReason.SeveralIdentities
                : message.Address is null ? PairingReason.NoAddress
                : PairingReason.AddressDiffers;
            session.Store(new PairingProposal
            {
                Id = id,
                RegistrationId = registration.Id,
                FeeCode = registration.FeeCode,
                UserId = message.UserId,
                Name = message.Name,
                DateOfBirth = born,
                NiaAddress = message.Address,
                RegistrationAddress = registration.Address,
                AddressMatches = addressMatches,
                Reason = reason,
                CreatedAt = proposals.FirstOrDefault(p => p.Id == id)?.CreatedAt ?? now,
            });
        }

        if (mine.Count > 0)
        {
            outgoing.Add(await PairAsync(session, mine, message.UserId, now, cancellationToken));
        }

        return outgoing;
    }

    /// <summary>The registrations and their obligations (this year and the next) belong to the account from now on.</summary>
    internal static async Task<ObligationsLinkedToCitizen> PairAsync(IDocumentSession session, IReadOnlyList<Registration> registrations, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = registrations.SelectMany(r => Obligation.IdsFor(r, now.Year + 1)).ToArray();
        var obligations = await session.LoadManyAsync<Obligation>(cancellationToken, ids);
        foreach (var registration in registrations)
        {
            registration.CitizenId = userId;
            session.Store(registration);
        }

        foreach (var obligation in obligations.Where(o => o.CitizenId is null))
        {
            // Version-checked: a payment settled meanwhile fails this attempt (retried) instead of losing its snapshot.
            await session.Events.AppendOptimistic(obligation.Id, cancellationToken, new PayerLinked(userId, now));
        }

        return new ObligationsLinkedToCitizen(userId, obligations.Select(o => o.Id).ToList());
    }

    /// <summary>Case, accents and spacing aside: "DVOŘÁKOVÁ  Jana" and "Jana Dvořáková" differ only in order, so order counts.</summary>
    internal static string Normalize(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var letters = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return string.Join(' ', new string(letters.ToArray()).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>
/// The citizen removed the NIA identity from the account: registrations and obligations tied to the account no
/// longer belong to it (another identity linked later must not see them). The payer's next verified sign-in pairs
/// them again by name and date of birth.
/// </summary>
public static class CitizenUnlinkedHandler
{
    public static async Task<OutgoingMessages> Handle(CitizenUnlinked message, IDocumentSession session, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        var registrations = await session.Query<Registration>().Where(r => r.CitizenId == message.UserId).ToListAsync(cancellationToken);
        foreach (var registration in registrations)
        {
            registration.CitizenId = null;
            session.Store(registration);
        }

        var obligations = await session.Query<Obligation>().Where(o => o.CitizenId == message.UserId).ToListAsync(cancellationToken);
        foreach (var obligation in obligations)
        {
            await session.Events.AppendOptimistic(obligation.Id, cancellationToken, new PayerUnlinked(message.UserId, message.At));
        }

        if (obligations.Count > 0)
        {
            outgoing.Add(new ObligationsUnlinkedFromCitizen(message.UserId, obligations.Select(o => o.Id).ToList()));
        }

        return outgoing;
    }
}

/// <summary>The fees clerk's open pairing proposals, oldest first, each with its payer's registration.</summary>
public sealed record ListPairingProposals(CurrentUser Clerk) : Mediator.IRequest<IReadOnlyList<PairingCase>>;

/// <summary>A proposal as the clerk weighs it: the registration, and how many identities match it.</summary>
public sealed record PairingCase(PairingProposal Proposal, Registration? Registration, int Identities);

public sealed class ListPairingProposalsSlice(IQuerySession session) : Mediator.IRequestHandler<ListPairingProposals, IReadOnlyList<PairingCase>>
{
    public async ValueTask<IReadOnlyList<PairingCase>> Handle(ListPairingProposals request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new Portal.Shared.Validation.NotPermittedException("Only the fees clerk pairs payers.");
        }

        var open = await session.Query<PairingProposal>().Where(p => p.State == PairingState.Open).OrderBy(p => p.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var registrations = (await session.LoadManyAsync<Registration>(cancellationToken, open.Select(p => p.RegistrationId).Distinct().ToArray())).ToDictionary(r => r.Id);
        return open.Select(p => new PairingCase(p, registrations.GetValueOrDefault(p.RegistrationId), open.Count(o => o.RegistrationId == p.RegistrationId) + (registrations.GetValueOrDefault(p.RegistrationId)?.CitizenId is null ? 0 : 1))).ToList();
    }
}

/// <summary>
/// The fees clerk confirms a proposal (the payer is this account: the registration and its obligations become theirs,
/// the other proposals for the payer are rejected) or rejects it. A payer already paired with another account is not
/// taken from it here: the clerk first ends that pairing where the payer's registration is kept.
/// </summary>
public sealed record DecidePairing(Guid ProposalId, bool Confirm, CurrentUser Clerk) : Mediator.IRequest;

public sealed class DecidePairingSlice(IDocumentSession session, Wolverine.Marten.IMartenOutbox outbox, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<FeesText> t)
    : Mediator.IRequestHandler<DecidePairing>
{
    public async ValueTask<Mediator.Unit> Handle(DecidePairing request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new Portal.Shared.Validation.NotPermittedException("Only the fees clerk pairs payers.");
        }

        var proposal = await session.LoadAsync<PairingProposal>(request.ProposalId, cancellationToken)
            ?? throw new Portal.Shared.Validation.NotFoundException("No such proposal.");
        if (proposal.State != PairingState.Open)
        {
            throw new Portal.Shared.Validation.ValidationFailedException(string.Empty, t["O tomto návrhu už bylo rozhodnuto."]);
        }

        var now = clock.GetUtcNow();
        outbox.Enroll(session);
        proposal.State = request.Confirm ? PairingState.Confirmed : PairingState.Rejected;
        proposal.DecidedBy = request.Clerk.Name;
        proposal.DecidedAt = now;
        session.Store(proposal);
        if (request.Confirm)
        {
            var registration = await session.LoadAsync<Registration>(proposal.RegistrationId, cancellationToken)
                ?? throw new Portal.Shared.Validation.NotFoundException("No such registration.");
            if (registration.CitizenId is { } owner && owner != proposal.UserId)
            {
                throw new Portal.Shared.Validation.ValidationFailedException(string.Empty, t["Poplatník už je spárován s jiným účtem. Návrh lze jen odmítnout."]);
            }

            foreach (var other in await session.Query<PairingProposal>().Where(p => p.RegistrationId == proposal.RegistrationId && p.Id != proposal.Id && p.State == PairingState.Open).ToListAsync(cancellationToken))
            {
                other.State = PairingState.Rejected;
                other.DecidedBy = request.Clerk.Name;
                other.DecidedAt = now;
                session.Store(other);
            }

            await outbox.PublishAsync(await VerifiedSignInHandler.PairAsync(session, [registration], proposal.UserId, now, cancellationToken));
        }

        await session.SaveChangesAsync(cancellationToken);
        return Mediator.Unit.Value;
    }
}
