using Portal.Fees.Contracts;
using Portal.Payments.Contracts;

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

    /// <summary>Paid to another of the town's accounts than the one its fee is paid to.</summary>
    WrongAccount,
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

    /// <summary>Where the citizen pays this card payment at the gateway: "continue" leads there again.</summary>
    public string? GatewayRedirectUrl { get; set; }

    /// <summary>A pending card payment is asked about again no sooner than this (growing pauses).</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>How often a pending card payment was asked about.</summary>
    public int Checks { get; set; }

    public Guid? ImportId { get; set; }
    public int? StatementLine { get; set; }
    public DateOnly? BookedOn { get; set; }
    public string? CounterAccount { get; set; }
    public string? BankText { get; set; }
    public QueueReason? Reason { get; set; }

    /// <summary>The obligation the statement's symbol pointed to, when there was exactly one (partial, overpaid).</summary>
    public Guid? SuggestedObligationId { get; set; }

    /// <summary>
    /// One card payment of several obligations at once: what each part pays. Empty for a payment of one obligation
    /// (<see cref="ObligationId"/>).
    /// </summary>
    public List<PaymentPart> Parts { get; set; } = [];

    /// <summary>Every obligation this payment pays (one, or the parts').</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<Guid> Obligations => Parts.Count > 0 ? Parts.Select(p => p.ObligationId) : ObligationId is { } id ? [id] : [];

    /// <summary>The variable symbols this payment names: its own, or each part's (a card payment of several fees).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Symbols => Parts.Count > 0 ? string.Join(", ", Parts.Select(p => p.VariableSymbol).Distinct()) : VariableSymbol ?? string.Empty;

    /// <summary>
    /// The receipt number people read and quote: "PL-" + the day the payment was made (in the town's zone) + ten
    /// characters of the id's random part (Crockford base32), e.g. <c>PL-20261205-7K3Q9FJ2XM</c>; the same payment always
    /// gives the same number, and two payments of one day differ in 50 random bits. The day is the time a version 7 id
    /// (a card payment) carries; a statement's payment has an id made from its line (no time in it), so its day is the
    /// day it was recorded.
    /// </summary>
    public string ReceiptNumber(TimeZoneInfo zone)
    {
        Span<byte> bytes = stackalloc byte[16];
        Id.TryWriteBytes(bytes, bigEndian: true, out _);
        var milliseconds = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
        var made = Id.Version == 7 && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : CreatedAt;
        var day = TimeZoneInfo.ConvertTime(made, zone);
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var tail = new System.Text.StringBuilder(10);
        ulong random = 0;
        for (var i = 9; i < 16; i++)
        {
            random = (random << 8) | bytes[i];
        }

        for (var i = 0; i < 10; i++)
        {
            tail.Insert(0, alphabet[(int)(random & 31)]);
            random >>= 5;
        }

        return $"PL-{day:yyyyMMdd}-{tail}";
    }

    public string? ResolvedBy { get; set; }
    public string? Note { get; set; }

    /// <summary>The payment pays this obligation (matched, or assigned by a clerk): it belongs to its payer from now on.</summary>
    public PaymentReceived SettleFor(PayableObligation obligation, DateTimeOffset now)
    {
        ObligationId = obligation.ObligationId;
        CitizenId = obligation.CitizenId;
        PayerName = obligation.PayerName;
        Description = $"{obligation.FeeName} {obligation.Year}";
        return MarkPaid(now);
    }

    /// <summary>Money arrived for the obligation this payment already names (a card payment the gateway confirmed).</summary>
    public PaymentReceived MarkPaid(DateTimeOffset now)
    {
        State = PaymentState.Paid;
        PaidAt = now;
        return Received();
    }

    /// <summary>What the Fees ledger is told about this (paid) payment.</summary>
    public PaymentReceived Received() =>
        new(Id, ObligationId ?? throw new InvalidOperationException("A payment without an obligation pays nothing."), Amount, Channel, VariableSymbol, PaidAt ?? CreatedAt);

    /// <summary>
    /// What the ledger is told about a paid payment: one obligation, or each part with its own amount under its own id
    /// (derived from the payment and the obligation, so each part is applied once however often it is told).
    /// </summary>
    public IReadOnlyList<PaymentReceived> ReceivedParts() => Parts.Count == 0
        ? [Received()]
        : Parts.Select(p => new PaymentReceived(PaymentPart.IdFor(Id, p.ObligationId), p.ObligationId, p.Amount, Channel, p.VariableSymbol, PaidAt ?? CreatedAt)).ToList();
}

/// <summary>The share of a payment of several obligations that pays one of them.</summary>
public sealed record PaymentPart(Guid ObligationId, decimal Amount, string VariableSymbol, string Description)
{
    public static Guid IdFor(Guid paymentId, Guid obligationId) => Portal.Shared.Ids.StableGuid.From(paymentId, obligationId);
}

/// <summary>A statement line already imported (id = fingerprint of account + line): a second import skips it.</summary>
public sealed class BankLine
{
    public string Id { get; set; } = string.Empty;
    public Guid ImportId { get; set; }
    public Guid? PaymentId { get; set; }
}
