namespace Portal.Payments.Domain;

public enum PaymentState
{
    /// <summary>A card payment was started; the citizen is at the gateway.</summary>
    Created,

    /// <summary>Money arrived and was sent to the Fees ledger.</summary>
    Paid,

    /// <summary>The citizen cancelled at the gateway or it declined.</summary>
    Cancelled,

    /// <summary>A statement credit that could not be matched on its own: waits in the clerk's queue.</summary>
    Unassigned,

    /// <summary>A clerk decided the money goes back to the sender (or stays outside fees), with a note.</summary>
    Returned,
}

/// <summary>Why a statement credit waits for a clerk.</summary>
public enum QueueReason
{
    NoSymbol,
    UnknownSymbol,
    Partial,
    Overpaid,
    Ambiguous,
    Reversal,
    Currency,
}

/// <summary>
/// A payment by any channel: a card payment through the gateway, a bank transfer from a statement, an assignment by
/// a clerk. Optimistic concurrency: the gateway's return and its notification racing confirm the payment once.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; }
    public string Channel { get; set; } = string.Empty;
    public PaymentState State { get; set; }
    public Guid? ObligationId { get; set; }
    public Guid? CitizenId { get; set; }
    public string? PayerName { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "CZK";
    public string? VariableSymbol { get; set; }
    public string Description { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }

    public string? GatewayTransactionId { get; set; }
    public string? GatewayStatus { get; set; }

    public Guid? ImportId { get; set; }
    public int? StatementLine { get; set; }
    public DateOnly? BookedOn { get; set; }
    public string? CounterAccount { get; set; }
    public string? BankText { get; set; }
    public QueueReason? Reason { get; set; }

    /// <summary>The obligation the statement's symbol pointed to, when there was exactly one (partial, overpaid).</summary>
    public Guid? SuggestedObligationId { get; set; }

    public string? ResolvedBy { get; set; }
    public string? Note { get; set; }
}

/// <summary>A statement line already imported (id = fingerprint of account + line): a second import skips it.</summary>
public sealed class BankLine
{
    public string Id { get; set; } = string.Empty;
    public Guid ImportId { get; set; }
    public Guid? PaymentId { get; set; }
}
