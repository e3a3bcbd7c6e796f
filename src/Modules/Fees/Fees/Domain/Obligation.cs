using System.Security.Cryptography;

namespace Portal.Fees.Domain;

// The ledger of one obligation (předpis) is a Marten event stream; these are its events.

/// <summary>The obligation was assessed: amount, variable symbol, instalments and how the amount came about.</summary>
public sealed record Assessed(
    Guid ObligationId,
    Guid RegistrationId,
    string FeeCode,
    int Year,
    Guid? CitizenId,
    string PayerName,
    decimal Amount,
    string VariableSymbol,
    IReadOnlyList<Instalment> Instalments,
    IReadOnlyList<AssessmentLine> Lines,
    DateTimeOffset At);

/// <summary>Money arrived for the obligation (from Payments); <see cref="PaymentId"/> is applied once.</summary>
public sealed record PaymentApplied(Guid PaymentId, decimal Amount, string Channel, DateTimeOffset At);

/// <summary>The payer was paired with a verified citizen's account (see <c>VerifiedSignIn</c>).</summary>
public sealed record PayerLinked(Guid CitizenId, DateTimeOffset At);

/// <summary>The citizen's account gave up the identity the obligation was paired through: it belongs to no account.</summary>
public sealed record PayerUnlinked(Guid CitizenId, DateTimeOffset At);

/// <summary>A clerk changed the amount (a registration changed, a correction), with the reason.</summary>
public sealed record Adjusted(decimal Delta, string Reason, string ClerkName, DateTimeOffset At);

/// <summary>A clerk wrote the rest off (uncollectable, deceased payer), with the reason.</summary>
public sealed record WrittenOff(decimal Amount, string Reason, string ClerkName, DateTimeOffset At);

/// <summary>A clerk sent (part of) the overpayment back to the payer, with the note (where to, which payment order).</summary>
public sealed record OverpaymentRefunded(decimal Amount, string Reason, string ClerkName, DateTimeOffset At);

/// <summary>
/// A clerk carried (part of) the overpayment to the payer's next obligation of the same fee; that obligation's ledger
/// gets a <see cref="PaymentApplied"/> with the channel <see cref="Obligation.CarriedChannel"/> in the same transaction.
/// </summary>
public sealed record OverpaymentCarried(decimal Amount, Guid ToObligationId, int ToYear, string ClerkName, DateTimeOffset At);

/// <summary>An instalment with what of it is paid: payments cover the instalments in order of their due dates.</summary>
public sealed record InstalmentState(DateOnly DueDate, decimal Amount, decimal Paid)
{
    public decimal Remaining => Amount - Paid;
}

/// <summary>
/// The obligation as its ledger adds up (Marten inline snapshot of the stream): the balance is always the sum of
/// its events, and every payment id it has applied is remembered so a redelivered payment changes nothing. How the
/// amount came about stays in the <see cref="Assessed"/> event (kept out of the snapshot: a million of them a year).
/// </summary>
public sealed class Obligation
{
    public Guid Id { get; set; }
    public Guid RegistrationId { get; set; }
    public string FeeCode { get; set; } = string.Empty;
    public int Year { get; set; }
    public Guid? CitizenId { get; set; }
    public string PayerName { get; set; } = string.Empty;
    public string VariableSymbol { get; set; } = string.Empty;
    public decimal Assessed { get; set; }
    public decimal Adjustments { get; set; }
    public decimal Paid { get; set; }
    public decimal WrittenOff { get; set; }

    /// <summary>Of the overpayment: sent back to the payer.</summary>
    public decimal Refunded { get; set; }

    /// <summary>Of the overpayment: carried to the payer's next obligation of this fee.</summary>
    public decimal CarriedOut { get; set; }
    public List<Instalment> Instalments { get; set; } = [];
    public List<Guid> AppliedPayments { get; set; } = [];
    public DateTimeOffset AssessedAt { get; set; }

    public decimal Amount => Assessed + Adjustments;

    /// <summary>The channel of a payment that is an overpayment carried from the payer's earlier obligation.</summary>
    public const string CarriedChannel = "preplatek";

    /// <summary>What the payments amount to for this obligation: paid, less what of an overpayment left it.</summary>
    public decimal Credit => Paid - Refunded - CarriedOut;

    public decimal Remaining => Math.Max(0, Amount - Credit - WrittenOff);

    /// <summary>Paid beyond the obligation (přeplatek): the clerk refunds it or carries it to the next obligation.</summary>
    public decimal Overpaid => Math.Max(0, Credit - Math.Max(0, Amount - WrittenOff));

    public bool IsSettled => Remaining == 0;

    /// <summary>
    /// The instalments as the amount now stands: an adjustment after the assessment falls on the last instalments (a
    /// rise is due with the last one; a cut takes from the last ones first), so they always add up to the amount.
    /// </summary>
    public IReadOnlyList<Instalment> CurrentInstalments()
    {
        var ordered = Instalments.OrderBy(i => i.DueDate).ToList();
        if (ordered.Count == 0)
        {
            return ordered;
        }

        var difference = Math.Max(0, Amount) - ordered.Sum(i => i.Amount);
        for (var k = ordered.Count - 1; k >= 0 && difference != 0; k--)
        {
            var amount = Math.Max(0, ordered[k].Amount + difference);
            difference -= amount - ordered[k].Amount;
            ordered[k] = ordered[k] with { Amount = amount };
        }

        return ordered;
    }

    /// <summary>The due date of the first instalment not yet covered by what was paid.</summary>
    public DateOnly? NextDueDate
    {
        get
        {
            if (IsSettled)
            {
                return null;
            }

            var instalments = CurrentInstalments();
            var covered = Credit + WrittenOff;
            foreach (var i in instalments)
            {
                covered -= i.Amount;
                if (covered < 0)
                {
                    return i.DueDate;
                }
            }

            return instalments.Select(i => (DateOnly?)i.DueDate).LastOrDefault();
        }
    }

    /// <summary>What should have been paid by <paramref name="today"/> and was not.</summary>
    public decimal OverdueOn(DateOnly today)
    {
        var due = CurrentInstalments().Where(i => i.DueDate < today).Sum(i => i.Amount);
        return Math.Max(0, due - Credit - WrittenOff);
    }

    /// <summary>
    /// How the payments fall on the instalments: in the order of their due dates, an earlier one paid whole before a
    /// later one gets anything (as the tax administration applies a payment to the debt it names). What is beyond the
    /// last instalment is <see cref="Overpaid"/>.
    /// </summary>
    public IReadOnlyList<InstalmentState> Allocation()
    {
        var left = Math.Max(0, Credit);
        var states = new List<InstalmentState>();
        foreach (var i in CurrentInstalments())
        {
            var paid = Math.Min(i.Amount, left);
            left -= paid;
            states.Add(new InstalmentState(i.DueDate, i.Amount, paid));
        }

        return states;
    }

    public void Apply(Assessed e)
    {
        Id = e.ObligationId;
        RegistrationId = e.RegistrationId;
        FeeCode = e.FeeCode;
        Year = e.Year;
        CitizenId = e.CitizenId;
        PayerName = e.PayerName;
        VariableSymbol = e.VariableSymbol;
        Assessed = e.Amount;
        Instalments = [.. e.Instalments];
        AssessedAt = e.At;
    }

    public void Apply(PaymentApplied e)
    {
        Paid += e.Amount;
        AppliedPayments.Add(e.PaymentId);
    }

    public void Apply(Adjusted e) => Adjustments += e.Delta;

    public void Apply(PayerLinked e) => CitizenId = e.CitizenId;

    public void Apply(PayerUnlinked e) => CitizenId = null;

    public void Apply(WrittenOff e) => WrittenOff += e.Amount;

    public void Apply(OverpaymentRefunded e) => Refunded += e.Amount;

    public void Apply(OverpaymentCarried e) => CarriedOut += e.Amount;

    /// <summary>The ids of a registration's obligations in these years (ids follow from registration and year).</summary>
    public static Guid[] IdsFor(Registration registration, int untilYear) =>
        Enumerable.Range(registration.From.Year, Math.Max(0, Math.Min(untilYear, registration.To?.Year ?? untilYear) - registration.From.Year + 1))
            .Select(y => IdFor(registration.Id, y)).ToArray();

    /// <summary>One obligation per registration and year: its id follows from both, so assessing twice finds it.</summary>
    public static Guid IdFor(Guid registrationId, int year)
    {
        Span<byte> input = stackalloc byte[20];
        registrationId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], year);
        return Portal.Shared.Ids.StableGuid.From(input);
    }

    /// <summary>The variable symbol: YY F NNNNNNN (year, fee digit, registration number), unique per fee and year.</summary>
    public static string SymbolFor(string feeCode, int year, long registrationNumber) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{year % 100:00}{FeeCodes.SymbolDigit(feeCode)}{registrationNumber:0000000}").TrimStart('0');
}
