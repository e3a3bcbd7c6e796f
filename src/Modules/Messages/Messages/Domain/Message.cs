using System.Security.Cryptography;
using System.Text;

namespace Portal.Messages.Domain;

/// <summary>
/// One message in a citizen's message centre. Its id follows from the event it tells about (kind and the event's own
/// key), so the same event delivered twice finds its message and makes no second one (nor a second e-mail). The text
/// is drawn when read, in the reader's language, from <see cref="Kind"/> and <see cref="Data"/>.
/// </summary>
public sealed class Message
{
    public Guid Id { get; set; }
    public Guid CitizenId { get; set; }
    public string Kind { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }

    /// <summary>Where the citizen acts on it (a path inside the portal).</summary>
    public string Link { get; set; } = "/";

    /// <summary>What the text says (reference number, amounts, dates as ISO, the clerk's words).</summary>
    public Dictionary<string, string> Data { get; set; } = [];

    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>What the message asked of the citizen is done (a request answered, or the case decided): it no longer waits.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The message still asks the citizen to act.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWaiting => ResolvedAt is null && MessageKinds.Of(Kind).NeedsAction;

    /// <summary>An e-mail copy was sent (the preferences or the law asked for one and the account has an address).</summary>
    public bool Emailed { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRead => ReadAt is not null;

    /// <summary>The message's id for an event: kind + the event's key (RFC 9562 version 8 from SHA-256).</summary>
    public static Guid IdFor(string kind, string key) => Portal.Shared.Ids.StableGuid.From(kind + "\n" + key);
}

/// <summary>
/// What e-mail copies a citizen wants, per group of messages (<see cref="MessageKinds.Groups"/>): every message, only
/// those that need the citizen to act, or none. What the law or the town requires to be delivered is sent anyway.
/// </summary>
public sealed class MessagePreferences
{
    public Guid Id { get; set; }
    public Dictionary<string, EmailCopies> Email { get; set; } = [];
    public DateTimeOffset ChangedAt { get; set; }

    public EmailCopies For(string group) => Email.GetValueOrDefault(group, EmailCopies.All);
}

public enum EmailCopies
{
    All,
    ActionOnly,
    None,
}

/// <summary>A kind of message: its group (for preferences and the filter), whether it asks the citizen to act, whether it is always e-mailed.</summary>
public sealed record MessageKind(string Code, string Group, bool NeedsAction, bool AlwaysEmailed);

public static class MessageKinds
{
    public const string Submissions = "submissions";
    public const string Fees = "fees";
    public const string Reminders = "reminders";
    public const string Drafts = "drafts";

    public static readonly string[] Groups = [Submissions, Fees, Reminders, Drafts];

    public const string SubmissionRegistered = "submission-registered";
    public const string SubmissionTaken = "submission-taken";
    public const string CompletionRequested = "completion-requested";
    public const string DeadlineExtended = "deadline-extended";
    public const string SubmissionDecided = "submission-decided";
    public const string FeeAssessed = "fee-assessed";
    public const string PaymentReceived = "payment-received";
    public const string Overpayment = "overpayment";
    public const string InstalmentDueSoon = "instalment-due-soon";
    public const string InstalmentOverdue = "instalment-overdue";
    public const string DraftExpiring = "draft-expiring";

    /// <summary>
    /// Every kind. A request for completion (správní řád §45: the citizen has a period to mend the submission, or the
    /// proceedings stop) and a decision (its delivery starts the period for an appeal) are always e-mailed: the
    /// settings page says so and offers no choice for them.
    /// </summary>
    public static readonly IReadOnlyList<MessageKind> All =
    [
        new(SubmissionRegistered, Submissions, false, false),
        new(SubmissionTaken, Submissions, false, false),
        new(CompletionRequested, Submissions, true, true),
        new(DeadlineExtended, Submissions, false, false),
        new(SubmissionDecided, Submissions, false, true),
        new(FeeAssessed, Fees, true, false),
        new(PaymentReceived, Fees, false, false),
        new(Overpayment, Fees, false, false),
        new(InstalmentDueSoon, Reminders, true, false),
        new(InstalmentOverdue, Reminders, true, false),
        new(DraftExpiring, Drafts, true, false),
    ];

    private static readonly Dictionary<string, MessageKind> ByCode = All.ToDictionary(k => k.Code);

    public static MessageKind Of(string code) => ByCode.TryGetValue(code, out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown message kind.");

    /// <summary>Whether an e-mail copy goes out for this kind under these preferences (null = never set: every message).</summary>
    public static bool Emails(string code, MessagePreferences? preferences)
    {
        var kind = Of(code);
        return kind.AlwaysEmailed || (preferences?.For(kind.Group) ?? EmailCopies.All) switch
        {
            EmailCopies.All => true,
            EmailCopies.ActionOnly => kind.NeedsAction,
            _ => false,
        };
    }
}
