using Marten;
using Portal.Fees.Contracts;
using Portal.Payments.Domain;

namespace Portal.Payments.Features;

/// <summary>Payments made for obligations that now belong to a citizen appear in that citizen's history.</summary>
public static class ObligationsLinkedToCitizenHandler
{
    public static async Task Handle(ObligationsLinkedToCitizen message, IDocumentSession session, CancellationToken cancellationToken)
    {
        var ids = message.ObligationIds.Select(id => (Guid?)id).ToArray();
        var payments = await session.Query<Payment>().Where(p => p.ObligationId.IsOneOf(ids) && p.CitizenId == null).ToListAsync(cancellationToken);
        foreach (var payment in payments)
        {
            payment.CitizenId = message.CitizenId;
            session.Store(payment);
        }
    }
}

/// <summary>Obligations left a citizen's account (the NIA identity was unlinked): their payments leave its history.</summary>
public static class ObligationsUnlinkedFromCitizenHandler
{
    public static async Task Handle(ObligationsUnlinkedFromCitizen message, IDocumentSession session, CancellationToken cancellationToken)
    {
        var ids = message.ObligationIds.Select(id => (Guid?)id).ToArray();
        var payments = await session.Query<Payment>().Where(p => p.ObligationId.IsOneOf(ids) && p.CitizenId == message.CitizenId).ToListAsync(cancellationToken);
        foreach (var payment in payments)
        {
            payment.CitizenId = null;
            session.Store(payment);
        }
    }
}
