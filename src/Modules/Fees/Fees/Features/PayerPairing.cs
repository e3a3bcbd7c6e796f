using System.Globalization;
using System.Text;
using Marten;
using Portal.Fees.Contracts;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Wolverine;

namespace Portal.Fees.Features;

/// <summary>
/// A citizen signed in through NIA: registrations of a payer with exactly this name and date of birth that belong
/// to nobody yet (entered by a clerk, taken over from the old system) become theirs, with their obligations. Both
/// must match, and only payers without an account are paired, so a verified identity never takes over someone
/// else's fees. (A town with the payers' AIFO or birth numbers would match on those instead.)
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

        var candidates = await session.Query<Registration>().Where(r => r.CitizenId == null && r.PayerBirthDate == born).ToListAsync(cancellationToken);
        var name = Normalize(message.Name);
        var mine = candidates.Where(r => Normalize(r.PayerName) == name).ToList();
        if (mine.Count == 0)
        {
            return outgoing;
        }

        var ids = mine.SelectMany(r => Obligation.IdsFor(r, message.At.Year + 1)).ToArray();
        var obligations = await session.LoadManyAsync<Obligation>(cancellationToken, ids);
        foreach (var registration in mine)
        {
            registration.CitizenId = message.UserId;
            session.Store(registration);
        }

        var now = clock.GetUtcNow();
        foreach (var obligation in obligations.Where(o => o.CitizenId is null))
        {
            // Version-checked: a payment settled meanwhile fails this attempt (retried) instead of losing its snapshot.
            await session.Events.AppendOptimistic(obligation.Id, cancellationToken, new PayerLinked(message.UserId, now));
        }

        outgoing.Add(new ObligationsLinkedToCitizen(message.UserId, obligations.Select(o => o.Id).ToList()));
        return outgoing;
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
