namespace Portal.Filing.Contracts;

/// <summary>The filing office registered a submission: it has its reference number (číslo jednací) and its agenda.</summary>
public sealed record SubmissionRegistered(Guid SubmissionId, string ReferenceNumber, string Identifier, string Agenda, Guid CitizenId, DateTimeOffset DeliveredAt);

/// <summary>
/// A clerk decided a submission. Carries the form's code and data so that, for example, the Fees module can create a
/// payer's registration when a fee form is approved.
/// </summary>
public sealed record SubmissionDecided(
    Guid SubmissionId,
    string ReferenceNumber,
    string FormCode,
    int FormVersion,
    string Agenda,
    Guid CitizenId,
    bool Approved,
    string Justification,
    IReadOnlyDictionary<string, string> Values,
    DateTimeOffset DecidedAt);
