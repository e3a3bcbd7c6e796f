using Portal.Forms.Contracts;
using Portal.Shared.Time;

namespace Portal.Filing.Domain;

public enum SubmissionStatus
{
    New,
    Assigned,
    InProgress,
    WaitingForCitizen,
    Decided,
    Closed,
}

/// <summary>How a decided submission came out: granted, partly granted, refused.</summary>
public enum Outcome
{
    Approved,
    PartlyApproved,
    Rejected,
}

// The events of a submission's stream: the podací deník entry and every step after it. Append-only.
public sealed record Registered(
    Guid SubmissionId,
    int Year,
    int Sequence,
    string ReferenceNumber,
    string Identifier,
    DateTimeOffset DeliveredAt,
    string FormCode,
    int FormVersion,
    string FormTitle,
    string Agenda,
    Guid CitizenId,
    string CitizenName,
    string? CitizenEmail,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<SubmittedAttachment> Attachments,
    string Digest,
    string? Identification = null,
    DateTimeOffset? RegisteredAt = null);

public sealed record Claimed(Guid ClerkId, string ClerkName, DateTimeOffset At);

public sealed record HandlingStarted(Guid ClerkId, string ClerkName, DateTimeOffset At);

public sealed record CompletionRequested(Guid ClerkId, string ClerkName, string Message, DateOnly? AnswerBy, DateTimeOffset At);

public sealed record CompletionAnswered(string Text, DateTimeOffset At, IReadOnlyList<SubmittedAttachment>? Attachments = null);

public sealed record DeadlineExtended(int Days, string Reason, string ClerkName, DateTimeOffset At);

/// <summary>A decision; <paramref name="Outcome"/> is missing on decisions recorded before partial outcomes existed.</summary>
public sealed record Decided(bool Approved, string Justification, Guid ClerkId, string ClerkName, DateTimeOffset At, Outcome? Outcome = null)
{
    public Outcome Result() => Outcome ?? (Approved ? Domain.Outcome.Approved : Domain.Outcome.Rejected);
}

public sealed record Closed(string ClerkName, DateTimeOffset At);

/// <summary>A time the office waited for the citizen to complete the submission (§39, §71(3)): not counted in the deadline.</summary>
public sealed record Pause(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// The current state of one submission, projected inline from its event stream. The deadline follows správní řád
/// §71 and §40: 30 days (plus recorded extensions) counted from the day after delivery in the town's calendar, the
/// whole days the office waited for the citizen to complete added, and a last day on a weekend or public holiday
/// moved to the next working day; it ends at the end of that day.
/// </summary>
public sealed class Submission
{
    public const int StatutoryDays = 30;

    public Guid Id { get; set; }
    public int Year { get; set; }
    public int Sequence { get; set; }
    public string ReferenceNumber { get; set; } = string.Empty;
    public string Identifier { get; set; } = string.Empty;
    /// <summary>When the submission arrived (the citizen sent it), to the second: the order of delivery.</summary>
    public DateTimeOffset DeliveredAt { get; set; }

    /// <summary>When the number was given (later than the arrival when the registration was retried or replayed).</summary>
    public DateTimeOffset? RegisteredAt { get; set; }

    /// <summary>How the sender was identified (<see cref="SubmitterIdentification"/>); null in entries from before it was recorded.</summary>
    public string? Identification { get; set; }
    public string FormCode { get; set; } = string.Empty;
    public int FormVersion { get; set; }
    public string FormTitle { get; set; } = string.Empty;
    public string Agenda { get; set; } = string.Empty;
    public Guid CitizenId { get; set; }
    public string CitizenName { get; set; } = string.Empty;
    public string? CitizenEmail { get; set; }
    public Dictionary<string, string> Values { get; set; } = [];
    public List<SubmittedAttachment> Attachments { get; set; } = [];
    public string Digest { get; set; } = string.Empty;
    public SubmissionStatus Status { get; set; }
    public Guid? ClerkId { get; set; }
    public string? ClerkName { get; set; }
    public int ExtensionDays { get; set; }

    /// <summary>The closed waits for the citizen; an open one is <see cref="WaitingSince"/>.</summary>
    public List<Pause> Pauses { get; set; } = [];
    public DateTimeOffset? WaitingSince { get; set; }
    public bool? Approved { get; set; }
    public Outcome? Outcome { get; set; }
    public string? Justification { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>While waiting for the citizen: what the office asked for and by when (the last request).</summary>
    public string? Requested { get; set; }
    public DateOnly? AnswerBy { get; set; }

    /// <summary>The citizen answered a request and the office has not asked again nor decided since (the inbox flags it).</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset LastChangeAt { get; set; }

    /// <summary>The town's calendar day the submission was delivered on.</summary>
    public DateOnly DeliveredOn(TimeZoneInfo zone) => Day(DeliveredAt, zone);

    /// <summary>Whole days the office waited for the citizen (an open wait counts until <paramref name="now"/>).</summary>
    public int PausedDays(TimeZoneInfo zone, DateTimeOffset now) =>
        Pauses.Sum(p => Days(p.From, p.To, zone)) + (WaitingSince is { } since ? Days(since, now, zone) : 0);

    /// <summary>The last day by which the office must decide (§71 with §40); the deadline ends at that day's end.</summary>
    public DateOnly DeadlineOn(TimeZoneInfo zone, DateTimeOffset now, int moreDays = 0) =>
        CzechCalendar.PeriodEnd(DeliveredOn(zone), StatutoryDays + ExtensionDays + moreDays + PausedDays(zone, now));

    public bool IsOpen => Status is not (SubmissionStatus.Decided or SubmissionStatus.Closed);

    /// <summary>The decision's outcome; for one decided before outcomes were recorded, read from its approved flag.</summary>
    public Outcome? DecisionOutcome() => Outcome ?? (Approved is { } approved ? (approved ? Domain.Outcome.Approved : Domain.Outcome.Rejected) : null);

    /// <summary>Open, not waiting for the citizen, and the last day has ended (in the town's calendar).</summary>
    public bool IsOverdue(DateTimeOffset now, TimeZoneInfo zone) =>
        IsOpen && Status != SubmissionStatus.WaitingForCitizen && Day(now, zone) > DeadlineOn(zone, now);

    private static DateOnly Day(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    private static int Days(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) => Math.Max(0, Day(to, zone).DayNumber - Day(from, zone).DayNumber);

    public void Apply(Registered e)
    {
        Id = e.SubmissionId;
        Year = e.Year;
        Sequence = e.Sequence;
        ReferenceNumber = e.ReferenceNumber;
        Identifier = e.Identifier;
        DeliveredAt = e.DeliveredAt;
        RegisteredAt = e.RegisteredAt;
        Identification = e.Identification;
        FormCode = e.FormCode;
        FormVersion = e.FormVersion;
        FormTitle = e.FormTitle;
        Agenda = e.Agenda;
        CitizenId = e.CitizenId;
        CitizenName = e.CitizenName;
        CitizenEmail = e.CitizenEmail;
        Values = new Dictionary<string, string>(e.Values, StringComparer.Ordinal);
        Attachments = [.. e.Attachments];
        Digest = e.Digest;
        Status = SubmissionStatus.New;
        LastChangeAt = e.DeliveredAt;
    }

    public void Apply(Claimed e)
    {
        ClerkId = e.ClerkId;
        ClerkName = e.ClerkName;
        Status = SubmissionStatus.Assigned;
        LastChangeAt = e.At;
    }

    public void Apply(HandlingStarted e)
    {
        ClerkId = e.ClerkId;
        ClerkName = e.ClerkName;
        Status = SubmissionStatus.InProgress;
        LastChangeAt = e.At;
    }

    public void Apply(CompletionRequested e)
    {
        AnsweredAt = null;
        Status = SubmissionStatus.WaitingForCitizen;
        WaitingSince = e.At;
        Requested = e.Message;
        AnswerBy = e.AnswerBy;
        LastChangeAt = e.At;
    }

    public void Apply(CompletionAnswered e)
    {
        if (WaitingSince is { } since)
        {
            Pauses.Add(new Pause(since, e.At));
        }

        WaitingSince = null;
        Requested = null;
        AnswerBy = null;
        AnsweredAt = e.At;
        Status = SubmissionStatus.InProgress;
        LastChangeAt = e.At;
    }

    public void Apply(DeadlineExtended e)
    {
        ExtensionDays += e.Days;
        LastChangeAt = e.At;
    }

    public void Apply(Decided e)
    {
        AnsweredAt = null;
        Approved = e.Approved;
        Outcome = e.Result();
        Justification = e.Justification;
        DecidedAt = e.At;
        Status = SubmissionStatus.Decided;
        LastChangeAt = e.At;
    }

    public void Apply(Closed e)
    {
        Status = SubmissionStatus.Closed;
        LastChangeAt = e.At;
    }
}

/// <summary>A file the citizen sent with an answer to a request for completion (the bytes stay in the filing schema).</summary>
public sealed class FilingAttachment
{
    public Guid Id { get; set; }
    public Guid SubmissionId { get; set; }
    public Guid CitizenId { get; set; }
    public string Agenda { get; set; } = string.Empty;
    public string FileName { get; set; } = string.Empty;
    public string ContentType { get; set; } = string.Empty;
    public long Size { get; set; }
    public string Sha256 { get; set; } = string.Empty;
    public byte[] Content { get; set; } = [];
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The last reference-number sequence given in a year: one row per year, updated with optimistic concurrency.</summary>
public sealed class RegisterYear
{
    public int Id { get; set; }
    public int Last { get; set; }
}

public static class ReferenceNumbers
{
    /// <summary>"MDEMO 123/2026": originator designation, sequence, year.</summary>
    public static string Format(string townCode, int sequence, int year) => $"{townCode} {sequence}/{year}";

    /// <summary>The document's unique identifier (decree 259/2012 §7): the designation plus a code that never repeats.</summary>
    public static string Identifier(string townCode, int sequence, int year) => $"{townCode}X{year}{sequence:D7}";
}
