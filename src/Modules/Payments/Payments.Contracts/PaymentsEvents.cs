namespace Portal.Payments.Contracts;

/// <summary>Channels money arrives by.</summary>
public static class PaymentChannels
{
    public const string Card = "card";
    public const string BankTransfer = "bank-transfer";
    public const string Manual = "manual";
}

/// <summary>
/// Money arrived for an obligation: by card (confirmed with the gateway) or by bank transfer (a statement credit
/// matched by variable symbol or assigned by a clerk). <paramref name="PaymentId"/> is the idempotency key: the Fees
/// ledger applies one payment once however often it is delivered.
/// </summary>
public sealed record PaymentReceived(Guid PaymentId, Guid ObligationId, decimal Amount, string Channel, string? VariableSymbol, DateTimeOffset ReceivedAt);

/// <summary>Many payments from one statement import, applied by the Fees ledger in one transaction.</summary>
public sealed record PaymentsReceived(IReadOnlyList<PaymentReceived> Payments);

/// <summary>A card payment failed or was cancelled at the gateway; nothing was paid.</summary>
public sealed record PaymentFailed(Guid PaymentId, Guid ObligationId, string Reason, DateTimeOffset At);

/// <summary>For the operator: imports not finished since before <paramref name="StuckBefore"/>, card payments pending since before <paramref name="PendingBefore"/>.</summary>
public sealed record GetPaymentsOperations(DateTimeOffset StuckBefore, DateTimeOffset PendingBefore);

public sealed record StuckImport(Guid Id, string FileName, string Status, int Checkpoint, DateTimeOffset UploadedAt);

public sealed record PendingCardPayment(Guid Id, decimal Amount, string? VariableSymbol, string? GatewayTransactionId, int Checks, DateTimeOffset CreatedAt);

public sealed record PaymentsOperations(IReadOnlyList<StuckImport> StuckImports, IReadOnlyList<PendingCardPayment> PendingCardPayments);

/// <summary>For the operator's gauges: the same two counted over every town at once (one query each, however many towns).</summary>
public sealed record CountPaymentsOperations(DateTimeOffset StuckBefore, DateTimeOffset PendingBefore);

public sealed record PaymentsOperationsCount(long StuckImports, long PendingCardPayments);

/// <summary>The operator resumes an import: it goes on from its checkpoint and writes nothing twice.</summary>
public sealed record ResumeImport(Guid ImportId);
