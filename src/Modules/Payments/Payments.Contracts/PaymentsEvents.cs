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
