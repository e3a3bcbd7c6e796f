namespace Portal.Fees.Contracts;

/// <summary>
/// What Payments needs to take money for one obligation (předpis): who owes it, what is left, the variable symbol
/// and where to pay. Answered by the Fees module to the queries below; Payments keeps none of it. <paramref name="Overdue"/>
/// is what is past its due date today (in the town's calendar). <paramref name="AppliedPaymentIds"/> are the payments the
/// ledger has already counted in <paramref name="Paid"/> (a payment confirmed but not among them is still on its way).
/// </summary>
public sealed record PayableObligation(
    Guid ObligationId,
    Guid? CitizenId,
    string PayerName,
    string FeeCode,
    string FeeName,
    int Year,
    decimal Amount,
    decimal Paid,
    decimal WrittenOff,
    decimal Remaining,
    string VariableSymbol,
    DateOnly? DueDate,
    string Iban,
    string Account,
    string RecipientName,
    string Message,
    decimal Overdue = 0,
    string? FeeNameEn = null,
    IReadOnlyList<Guid>? AppliedPaymentIds = null);

/// <summary>A citizen's unpaid (or all) obligations; only the obligations whose payer is that citizen.</summary>
public sealed record GetCitizenObligations(Guid CitizenId, bool UnpaidOnly);

/// <summary>One obligation by id; answered with an empty list when it does not exist.</summary>
public sealed record GetObligation(Guid ObligationId);

/// <summary>The obligations with these variable symbols (compared as numbers), for matching a bank statement.</summary>
public sealed record FindObligationsBySymbol(IReadOnlyCollection<string> VariableSymbols);

/// <summary>The answer to the three queries above.</summary>
public sealed record PayableObligations(IReadOnlyList<PayableObligation> Items);

/// <summary>
/// Obligations of a payer registered before (on paper, by a clerk) now belong to a verified citizen's account, so
/// payments already made for them show in that citizen's history too.
/// </summary>
public sealed record ObligationsLinkedToCitizen(Guid CitizenId, IReadOnlyList<Guid> ObligationIds);

/// <summary>
/// A citizen removed the NIA identity from the account: these obligations no longer belong to it, so payments made
/// for them leave that account's history too (a later verified sign-in of the payer pairs them again).
/// </summary>
public sealed record ObligationsUnlinkedFromCitizen(Guid CitizenId, IReadOnlyList<Guid> ObligationIds);

/// <summary>The town's accounts fees are paid to (each fee kind names one), for checking a bank statement's account.</summary>
public sealed record GetFeeAccounts;

/// <summary>The answer: accounts as written (<c>[prefix-]number/bank</c>) with the fee names that use them.</summary>
public sealed record FeeAccounts(IReadOnlyList<FeeAccount> Items);

public sealed record FeeAccount(string Account, string Iban, IReadOnlyList<string> Fees);

/// <summary>For the operator: assessment runs still running that started before this instant.</summary>
public sealed record GetStuckAssessments(DateTimeOffset StartedBefore);

public sealed record StuckAssessment(string FeeCode, int Year, long Processed, long Total, DateTimeOffset StartedAt);

public sealed record StuckAssessments(IReadOnlyList<StuckAssessment> Items);

/// <summary>For the operator's gauges: assessments running since before <paramref name="StartedBefore"/>, over every town at once.</summary>
public sealed record CountStuckAssessments(DateTimeOffset StartedBefore);

public sealed record StuckAssessmentsCount(long Count);

/// <summary>The operator resumes a run: it goes on from its checkpoint and creates nothing twice.</summary>
public sealed record ResumeAssessment(string FeeCode, int Year);

/// <summary>Obligations assessed for citizens with an account (the message centre tells them what to pay and by when).</summary>
public sealed record ObligationsAssessed(IReadOnlyList<AssessedObligation> Items);

public sealed record AssessedObligation(Guid ObligationId, Guid CitizenId, string FeeName, string FeeNameEn, int Year, decimal Amount, DateOnly? DueDate, DateTimeOffset At);

/// <summary>
/// The ledger applied payments to obligations of citizens with an account: how much, what remains and what is now
/// paid beyond the obligation (přeplatek). <see cref="AppliedPayment.PaymentId"/> identifies each once.
/// </summary>
public sealed record PaymentsApplied(IReadOnlyList<AppliedPayment> Items);

public sealed record AppliedPayment(Guid PaymentId, Guid ObligationId, Guid CitizenId, string FeeName, string FeeNameEn, int Year, decimal Amount, decimal Remaining, decimal Overpaid, DateTimeOffset At);

/// <summary>
/// Reminders of instalments (a few days before the due date or after it, as the fee kind sets): each names the
/// instalment (obligation, due date) and the reminder (<see cref="InstalmentReminder.Offset"/> days from the due date,
/// negative before it), which together are sent once. The payer is a citizen's account or, for a payer registered on
/// paper, the e-mail address of the registration.
/// </summary>
public sealed record InstalmentRemindersDue(IReadOnlyList<InstalmentReminder> Items);

public sealed record InstalmentReminder(
    Guid ObligationId,
    DateOnly DueDate,
    int Offset,
    Guid? CitizenId,
    string PayerName,
    string? PayerEmail,
    string FeeName,
    string FeeNameEn,
    int Year,
    decimal Amount,
    string VariableSymbol,
    DateTimeOffset At);

/// <summary>
/// Asks Fees what a registration form for <paramref name="Fee"/> must give (answered in process): the form designer
/// checks a fee form's mapping with it before publishing.
/// </summary>
public sealed record DescribeFeeRegistration(string Fee);

/// <summary>
/// <see cref="Known"/>: Fees has such a fee. <see cref="NeedsSubjects"/>: dogs or persons are listed (unless the fee is
/// for a property, where <see cref="AllowsProperty"/>). Exemption codes a subject or the whole registration may carry.
/// </summary>
public sealed record FeeRegistrationTerms(
    bool Known,
    string Name,
    bool NeedsSubjects,
    bool AllowsProperty,
    bool AllowsReduced,
    IReadOnlyList<string> SubjectExemptions,
    IReadOnlyList<string> RegistrationExemptions);
