using Marten;
using Microsoft.Extensions.Options;
using Portal.Fees.Contracts;
using Portal.Filing.Contracts;
using Portal.Forms.Contracts;
using Portal.Messages.Domain;
using Portal.Shared;
using Wolverine;
using static Portal.Messages.Features.Notifier;

namespace Portal.Messages.Features;

// Each module's own events become messages here. The key of a notice is the event's identity (the submission and the
// instant of the step, the payment, the instalment and the reminder), so a redelivered event makes nothing new.

public static class SubmissionMessagesHandler
{
    private static string Link(Guid id) => "/Submissions/" + id;

    public static Task Handle(SubmissionRegistered e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.SubmissionRegistered, e.SubmissionId.ToString(), e.DeliveredAt, Link(e.SubmissionId),
                Data(("ref", e.ReferenceNumber), ("form", e.FormTitle), ("identifier", e.Identifier), ("digest", e.Digest)))], ct);

    public static Task Handle(SubmissionTaken e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.SubmissionTaken, e.SubmissionId.ToString(), e.At, Link(e.SubmissionId), Data(("ref", e.ReferenceNumber), ("form", e.FormTitle), ("clerk", e.ClerkName)))], ct);

    public static Task Handle(SubmissionCompletionRequested e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.CompletionRequested, $"{e.SubmissionId}:{e.At.UtcTicks}", e.At, Link(e.SubmissionId) + "#answer",
                Data(("ref", e.ReferenceNumber), ("form", e.FormTitle), ("text", e.Asked), ("by", e.AnswerBy)))], ct);

    public static Task Handle(SubmissionDeadlineExtended e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.DeadlineExtended, $"{e.SubmissionId}:{e.At.UtcTicks}", e.At, Link(e.SubmissionId),
                Data(("ref", e.ReferenceNumber), ("form", e.FormTitle), ("days", e.Days), ("deadline", e.Deadline), ("text", e.Reason)))], ct);

    public static async Task Handle(SubmissionDecided e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct)
    {
        // A decision ends whatever the office still asked for in this case (no longer waiting; unread stays unread).
        await ResolveRequestsAsync(session, e.CitizenId, e.SubmissionId, e.DecidedAt, markRead: false, ct);
        await NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.SubmissionDecided, e.SubmissionId.ToString(), e.DecidedAt, Link(e.SubmissionId),
                Data(("ref", e.ReferenceNumber), ("form", e.FormTitle), ("outcome", e.Outcome ?? (e.Approved ? "Approved" : "Rejected")), ("text", e.Justification)))], ct);
    }

    /// <summary>The citizen answered: the request no longer waits for them (and counts as read: they acted on it).</summary>
    public static Task Handle(SubmissionCompletionAnswered e, IDocumentSession session, CancellationToken ct) =>
        ResolveRequestsAsync(session, e.CitizenId, e.SubmissionId, e.At, markRead: true, ct);

    private static async Task ResolveRequestsAsync(IDocumentSession session, Guid citizenId, Guid submissionId, DateTimeOffset at, bool markRead, CancellationToken ct)
    {
        var link = Link(submissionId) + "#answer";
        var waiting = await session.Query<Message>()
            .Where(m => m.CitizenId == citizenId && m.Kind == MessageKinds.CompletionRequested && m.Link == link && m.ResolvedAt == null)
            .ToListAsync(ct);
        foreach (var message in waiting.Where(m => m.At <= at))
        {
            message.ResolvedAt = at;
            if (markRead)
            {
                message.ReadAt ??= at;
            }

            session.Store(message);
        }
    }
}

public static class FeeMessagesHandler
{
    public static Task Handle(ObligationsAssessed e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current, e.Items.Select(o => new Notice(o.CitizenId, MessageKinds.FeeAssessed, o.ObligationId.ToString(), o.At,
            "/Payments/Instruction/" + o.ObligationId,
            Data(("fee", o.FeeName), ("feeEn", o.FeeNameEn), ("year", o.Year), ("amount", o.Amount), ("due", o.DueDate)))).ToList(), ct);

    public static Task Handle(PaymentsApplied e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct)
    {
        var notices = new List<Notice>();
        foreach (var p in e.Items)
        {
            var data = Data(("fee", p.FeeName), ("feeEn", p.FeeNameEn), ("year", p.Year), ("amount", p.Amount), ("remaining", p.Remaining), ("overpaid", p.Overpaid));
            notices.Add(new(p.CitizenId, MessageKinds.PaymentReceived, $"{p.PaymentId}:{p.ObligationId}", p.At, "/Payments", data));
            if (p.Overpaid > 0)
            {
                notices.Add(new(p.CitizenId, MessageKinds.Overpayment, $"{p.PaymentId}:{p.ObligationId}", p.At, "/Fees/Obligation/" + p.ObligationId, data));
            }
        }

        return NotifyAsync(session, bus, text, towns.Current, notices, ct);
    }

    public static Task Handle(InstalmentRemindersDue e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current, e.Items.Select(r => new Notice(r.CitizenId,
            r.Offset < 0 ? MessageKinds.InstalmentDueSoon : MessageKinds.InstalmentOverdue,
            $"{r.ObligationId}:{r.DueDate:yyyy-MM-dd}:{r.Offset}", r.At,
            "/Payments/Instruction/" + r.ObligationId,
            Data(("fee", r.FeeName), ("feeEn", r.FeeNameEn), ("year", r.Year), ("amount", r.Amount), ("due", r.DueDate), ("vs", r.VariableSymbol), ("days", Math.Abs(r.Offset))),
            r.PayerEmail, r.PayerName)).ToList(), ct);
}

public static class DraftMessagesHandler
{
    public static Task Handle(DraftExpiring e, IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        NotifyAsync(session, bus, text, towns.Current,
            [new(e.CitizenId, MessageKinds.DraftExpiring, $"{e.DraftId}:{e.RemovalOn:yyyy-MM-dd}", e.At, "/Forms/Fill/" + e.DraftId, Data(("form", e.FormTitle), ("removeOn", e.RemovalOn)))], ct);
}

/// <summary>
/// The header's count of unread messages, asked on every page: its session comes from the portal's session factory
/// (the request connections without Npgsql's reset, for the town the request is in) rather than from Wolverine's,
/// which opens a town's sessions on Marten's own pool.
/// </summary>
public static class UnreadMessagesHandler
{
    public static async Task<Contracts.UnreadMessageCount> Handle(Contracts.GetUnreadMessageCount query, ISessionFactory sessions, CancellationToken ct)
    {
        await using var session = sessions.QuerySession();
        return new(await session.Query<Message>().CountAsync(m => m.CitizenId == query.CitizenId && m.ReadAt == null, ct));
    }
}
