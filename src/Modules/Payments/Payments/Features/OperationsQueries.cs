using Marten;
using Portal.Payments.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Statements;

namespace Portal.Payments.Features;

/// <summary>What the operator's page asks of Payments, and the resume it may order.</summary>
public static class PaymentsOperationsHandler
{
    public static async Task<PaymentsOperations> Handle(GetPaymentsOperations query, IQuerySession session, CancellationToken ct)
    {
        var stuck = query.StuckBefore;
        var pendingBefore = query.PendingBefore;
        var imports = await session.Query<StatementImport>()
            .Where(i => (i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running) && i.UploadedAt < stuck).OrderBy(i => i.UploadedAt).Take(100).ToListAsync(ct);
        var pending = await session.Query<Payment>()
            .Where(p => p.State == PaymentState.Created && p.CreatedAt < pendingBefore).OrderBy(p => p.CreatedAt).Take(200).ToListAsync(ct);
        return new PaymentsOperations(
            imports.Select(i => new StuckImport(i.Id, i.FileName, i.Status.ToString(), i.Checkpoint, i.UploadedAt)).ToList(),
            pending.Select(p => new PendingCardPayment(p.Id, p.Amount, p.VariableSymbol, p.GatewayTransactionId, p.Checks, p.CreatedAt)).ToList());
    }

    /// <summary>Every town's stuck imports and pending card payments, counted in one query each (no town entered).</summary>
    public static async Task<PaymentsOperationsCount> Handle(CountPaymentsOperations query, IDocumentStore store, CancellationToken ct)
    {
        var (stuck, pendingBefore) = (query.StuckBefore, query.PendingBefore);
        await using var session = store.QuerySession();
        var imports = await session.Query<StatementImport>()
            .Where(i => i.AnyTenant() && (i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running) && i.UploadedAt < stuck).CountAsync(ct);
        var pending = await session.Query<Payment>()
            .Where(p => p.AnyTenant() && p.State == PaymentState.Created && p.CreatedAt < pendingBefore).CountAsync(ct);
        return new PaymentsOperationsCount(imports, pending);
    }

    /// <summary>The import's own message again, on its durable queue: it reads the checkpoint and goes on.</summary>
    public static ImportStatement Handle(ResumeImport command) => new(command.ImportId);
}
