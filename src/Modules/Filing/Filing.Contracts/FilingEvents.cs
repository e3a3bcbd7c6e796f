namespace Portal.Filing.Contracts;

/// <summary>The filing office registered a submission: it has its reference number (číslo jednací) and its agenda.</summary>
public sealed record SubmissionRegistered(Guid SubmissionId, string ReferenceNumber, string Identifier, string Agenda, Guid CitizenId, DateTimeOffset DeliveredAt, string? FormTitle = null, string? Digest = null);

/// <summary>A clerk took the submission up (<paramref name="Started"/>: began handling it; otherwise claimed it).</summary>
public sealed record SubmissionTaken(Guid SubmissionId, string ReferenceNumber, string FormTitle, Guid CitizenId, string ClerkName, bool Started, DateTimeOffset At);

/// <summary>The office asks the citizen to complete the submission (výzva k doplnění, správní řád §45): what, and by when.</summary>
public sealed record SubmissionCompletionRequested(Guid SubmissionId, string ReferenceNumber, string FormTitle, Guid CitizenId, string Asked, DateOnly? AnswerBy, DateTimeOffset At);

/// <summary>The deadline for deciding was extended by <paramref name="Days"/>; it now ends on <paramref name="Deadline"/>.</summary>
/// <summary>The citizen answered the office's request for completion (the message centre closes the request).</summary>
public sealed record SubmissionCompletionAnswered(Guid SubmissionId, Guid CitizenId, DateTimeOffset At);

public sealed record SubmissionDeadlineExtended(Guid SubmissionId, string ReferenceNumber, string FormTitle, Guid CitizenId, int Days, string Reason, DateOnly Deadline, DateTimeOffset At);

/// <summary>
/// A clerk decided a submission. Carries the form's code and data so that, for example, the Fees module can create a
/// payer's registration when a fee form is approved. <paramref name="Approved"/> only when fully granted;
/// <paramref name="Outcome"/> is <c>Approved</c>, <c>PartlyApproved</c> or <c>Rejected</c> (null on a message published
/// before outcomes existed: read <paramref name="Approved"/>).
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
    DateTimeOffset DecidedAt,
    string? Outcome = null,
    string? FormTitle = null);

/// <summary>A citizen's submissions for their home page, newest change first, with their state in words (in <paramref name="Language"/>).</summary>
public sealed record GetCitizenSubmissions(Guid CitizenId, string Language, int Take = 5);

/// <summary>
/// The answer: the open ones (and those changed in the last 30 days); <see cref="CitizenSubmission.Asked"/> says what the
/// office asks of the citizen (a request for completion) and <see cref="CitizenSubmission.AnswerBy"/> by when.
/// </summary>
public sealed record CitizenSubmissions(IReadOnlyList<CitizenSubmission> Items, int Open, int WaitingForCitizen);

public sealed record CitizenSubmission(Guid Id, string ReferenceNumber, string FormTitle, string State, bool IsOpen, string? Asked, DateOnly? AnswerBy, DateOnly? Deadline, DateTimeOffset LastChangeAt, string LastEvent);

/// <summary>A clerk's workload in each of their agendas (the staff home page and the inbox tabs).</summary>
public sealed record GetClerkWorkload(Guid ClerkId, IReadOnlyList<string> Agendas);

public sealed record ClerkWorkload(IReadOnlyList<AgendaWorkload> Agendas);

public sealed record AgendaWorkload(string Agenda, int New, int Mine, int Waiting, int Overdue, int Open);
