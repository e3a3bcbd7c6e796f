using System.Globalization;
using System.Text;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Filing.Contracts;
using Portal.Filing.Domain;
using Portal.Forms.Contracts;
using Portal.Identity.Contracts;
using Portal.Shared;
using Portal.Shared.Email;
using Portal.Shared.Files;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Filing.Features;

/// <summary>One step in a submission's history, as the citizen and the clerk see it.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string? Who, string? Text, IReadOnlyList<SubmittedAttachment>? Files = null, DateOnly? AnswerBy = null, int Days = 0);

/// <summary>A submission with its history and what was sent, as the form showed it (sections, labels, files).</summary>
public sealed record SubmissionView(Submission Submission, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<DescribedSection> Content);

internal static class Timeline
{
    /// <summary>The history and the content (asked of Forms in the reader's language) of one submission.</summary>
    public static async Task<SubmissionView> ViewAsync(IQuerySession session, Wolverine.IMessageBus bus, Submission submission, CancellationToken ct)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "cs";
        var content = await bus.InvokeAsync<SubmissionDescription>(new DescribeSubmission(submission.FormCode, submission.FormVersion, submission.Values, submission.Attachments, language), ct);
        return new SubmissionView(submission, await ReadAsync(session, submission.Id, ct), content.Sections);
    }

    public static async Task<IReadOnlyList<TimelineEntry>> ReadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return events.Select(e => e.Data switch
        {
            Registered r => new TimelineEntry(r.DeliveredAt, "registered", null, r.ReferenceNumber),
            Claimed c => new TimelineEntry(c.At, "claimed", c.ClerkName, null),
            HandlingStarted s => new TimelineEntry(s.At, "started", s.ClerkName, null),
            CompletionRequested c => new TimelineEntry(c.At, "completion-requested", c.ClerkName, c.Message, AnswerBy: c.AnswerBy),
            CompletionAnswered a => new TimelineEntry(a.At, "completion-answered", null, a.Text, a.Attachments),
            DeadlineExtended x => new TimelineEntry(x.At, "extended", x.ClerkName, x.Reason, Days: x.Days),
            Decided d => new TimelineEntry(d.At, d.Result() switch { Outcome.Approved => "approved", Outcome.PartlyApproved => "partly-approved", _ => "rejected" }, d.ClerkName, d.Justification),
            Closed c => new TimelineEntry(c.At, "closed", c.ClerkName, null),
            _ => new TimelineEntry(e.Timestamp, "other", null, null),
        }).ToList();
    }
}

/// <summary>My submissions, newest first.</summary>
public sealed record ListMySubmissions(Guid UserId) : IRequest<IReadOnlyList<Submission>>;

public sealed class ListMySubmissionsSlice(IQuerySession session) : IRequestHandler<ListMySubmissions, IReadOnlyList<Submission>>
{
    public async ValueTask<IReadOnlyList<Submission>> Handle(ListMySubmissions request, CancellationToken cancellationToken) =>
        await session.Query<Submission>().Where(s => s.CitizenId == request.UserId).OrderByDescending(s => s.DeliveredAt).Take(200).ToListAsync(cancellationToken);
}

/// <summary>One of my submissions with its timeline; someone else's is "not found".</summary>
public sealed record GetMySubmission(Guid SubmissionId, Guid UserId) : IRequest<SubmissionView>;

public sealed class GetMySubmissionSlice(IQuerySession session, Wolverine.IMessageBus bus) : IRequestHandler<GetMySubmission, SubmissionView>
{
    public async ValueTask<SubmissionView> Handle(GetMySubmission request, CancellationToken cancellationToken)
    {
        var submission = await session.LoadAsync<Submission>(request.SubmissionId, cancellationToken);
        if (submission is null || submission.CitizenId != request.UserId)
        {
            throw new NotFoundException("No such submission.");
        }

        return await Timeline.ViewAsync(session, bus, submission, cancellationToken);
    }
}

/// <summary>Whether the submission is this citizen's (a cheap check made before a request's body is read).</summary>
public sealed record OwnsSubmission(Guid SubmissionId, Guid UserId) : IRequest<bool>;

public sealed class OwnsSubmissionSlice(IQuerySession session) : IRequestHandler<OwnsSubmission, bool>
{
    public async ValueTask<bool> Handle(OwnsSubmission request, CancellationToken cancellationToken) =>
        await session.Query<Submission>().AnyAsync(s => s.Id == request.SubmissionId && s.CitizenId == request.UserId, cancellationToken);
}

/// <summary>A file sent with an answer.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>The citizen answers a request for completion, with text and files; the deadline clock runs again.</summary>
public sealed record AnswerCompletion(Guid SubmissionId, Guid UserId, string? Text, IReadOnlyList<UploadedFile> Files) : IRequest;

public sealed class AnswerCompletionSlice(IDocumentSession session, Wolverine.Marten.IMartenOutbox outbox, IStringLocalizer<FilingText> t, IOptions<FilingOptions> options, TimeProvider clock) : IRequestHandler<AnswerCompletion>
{
    public async ValueTask<Unit> Handle(AnswerCompletion request, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Submission>(request.SubmissionId, cancellationToken);
        if (stream.Aggregate is null || stream.Aggregate.CitizenId != request.UserId)
        {
            throw new NotFoundException("No such submission.");
        }

        var submission = stream.Aggregate;
        var text = request.Text?.Trim() ?? string.Empty;
        if (submission.Status != SubmissionStatus.WaitingForCitizen)
        {
            throw new ValidationFailedException("text", t["Úřad od vás k tomuto podání nyní nic nežádá."]);
        }

        var errors = new ValidationErrors();
        if (text.Length is < 2 or > 4000)
        {
            errors.Add("text", t["Napište odpověď (2 až 4000 znaků)."]);
        }

        var now = clock.GetUtcNow();
        var files = new List<FilingAttachment>();
        foreach (var file in request.Files.Take(options.Value.MaxAnswerFiles + 1))
        {
            var type = FileSniffer.Check(file.Content, file.FileName);
            if (file.Content.Length > options.Value.MaxAttachmentBytes)
            {
                errors.Add("files", string.Format(t["Soubor {0} je příliš velký; nejvýše {1} MB."], file.FileName, options.Value.MaxAttachmentBytes / 1024 / 1024));
            }
            else if (type is null)
            {
                errors.Add("files", string.Format(t["Soubor {0} nepřijímáme: pošlete PDF, obrázek nebo dokument, jehož obsah odpovídá příponě."], file.FileName));
            }
            else
            {
                files.Add(new FilingAttachment
                {
                    Id = Guid.CreateVersion7(now),
                    SubmissionId = submission.Id,
                    CitizenId = submission.CitizenId,
                    Agenda = submission.Agenda,
                    FileName = FileSniffer.SafeName(file.FileName),
                    ContentType = type,
                    Size = file.Content.Length,
                    Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.Content)),
                    Content = file.Content,
                    UploadedAt = now,
                });
            }
        }

        if (request.Files.Count > options.Value.MaxAnswerFiles)
        {
            errors.Add("files", string.Format(t["K odpovědi lze přiložit nejvýše {0} souborů."], options.Value.MaxAnswerFiles));
        }

        errors.ThrowIfAny();
        foreach (var file in files)
        {
            session.Insert(file);
        }

        stream.AppendOne(new CompletionAnswered(text, now, files.Select(f => new SubmittedAttachment(f.Id, "answer", f.FileName, f.ContentType, f.Size, f.Sha256)).ToList()));

        // The message centre closes the request it showed as waiting (same transaction, through the outbox).
        outbox.Enroll(session);
        await outbox.PublishAsync(new Contracts.SubmissionCompletionAnswered(submission.Id, submission.CitizenId, now));
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A file sent with an answer, for the citizen who sent it or a clerk of the submission's agenda.</summary>
public sealed record DownloadAnswerFile(Guid FileId, CurrentUser User) : IRequest<FilingAttachment>;

public sealed class DownloadAnswerFileSlice(IQuerySession session) : IRequestHandler<DownloadAnswerFile, FilingAttachment>
{
    public async ValueTask<FilingAttachment> Handle(DownloadAnswerFile request, CancellationToken cancellationToken)
    {
        var file = await session.LoadAsync<FilingAttachment>(request.FileId, cancellationToken);
        return file is not null && (file.CitizenId == request.User.Id || request.User.IsClerkOf(file.Agenda))
            ? file
            : throw new NotFoundException("No such file.");
    }
}

public enum InboxView
{
    New,
    Mine,
    Waiting,
    Overdue,
    All,
}

/// <summary>A clerk's inbox for one agenda, the most urgent first.</summary>
public sealed record GetInbox(string Agenda, InboxView View, CurrentUser Clerk) : IRequest<IReadOnlyList<Submission>>;

public sealed class GetInboxSlice(IQuerySession session, TimeProvider clock, Portal.Shared.TownClock town) : IRequestHandler<GetInbox, IReadOnlyList<Submission>>
{
    public async ValueTask<IReadOnlyList<Submission>> Handle(GetInbox request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(request.Agenda))
        {
            throw new NotPermittedException("Not a clerk of this agenda.");
        }

        var query = session.Query<Submission>().Where(s => s.Agenda == request.Agenda);
        query = request.View switch
        {
            InboxView.New => query.Where(s => s.Status == SubmissionStatus.New),
            InboxView.Mine => query.Where(s => s.ClerkId == request.Clerk.Id && s.Status != SubmissionStatus.Closed),
            InboxView.Waiting => query.Where(s => s.Status == SubmissionStatus.WaitingForCitizen),
            InboxView.Overdue or InboxView.All => query.Where(s => s.Status != SubmissionStatus.Closed),
            _ => query,
        };
        var list = await query.OrderBy(s => s.DeliveredAt).Take(500).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return list.Where(s => request.View != InboxView.Overdue || s.IsOverdue(now, town.Zone)).OrderBy(s => s.DeadlineOn(town.Zone, now)).ToList();
    }
}

/// <summary>
/// A submission for a clerk of its agenda; the filing office (podatelna) reads every registered submission too, but acts
/// only on its own agenda's.
/// </summary>
public sealed record GetCase(Guid SubmissionId, CurrentUser Clerk) : IRequest<SubmissionView>;

public sealed class GetCaseSlice(IQuerySession session, Wolverine.IMessageBus bus) : IRequestHandler<GetCase, SubmissionView>
{
    public async ValueTask<SubmissionView> Handle(GetCase request, CancellationToken cancellationToken)
    {
        var submission = await session.LoadAsync<Submission>(request.SubmissionId, cancellationToken);
        if (submission is null || !(request.Clerk.IsClerkOf(submission.Agenda) || request.Clerk.IsClerkOf(Agendas.Filing)))
        {
            throw new NotFoundException("No such submission in your agendas.");
        }

        return await Timeline.ViewAsync(session, bus, submission, cancellationToken);
    }
}

public enum CaseAction
{
    Claim,
    Start,
    RequestCompletion,
    Extend,
    Approve,
    PartlyApprove,
    Reject,
    Close,
}

/// <summary>
/// A clerk moves a submission on: claim, start handling, ask the citizen to complete it (the deadline pauses), extend
/// the deadline, decide, close. Each step is an event on the submission's stream (optimistic concurrency: two clerks
/// acting at once cannot both win); the citizen is told by e-mail; a decision is published as SubmissionDecided.
/// </summary>
public sealed record ActOnCase(Guid SubmissionId, CurrentUser Clerk, CaseAction Action, string? Text = null, int Days = 0, DateOnly? AnswerBy = null) : IRequest;

public sealed class ActOnCaseSlice(IDocumentSession session, IMartenOutbox outbox, IStringLocalizer<FilingText> t, TimeProvider clock, Portal.Shared.TownClock town)
    : IRequestHandler<ActOnCase>
{
    public async ValueTask<Unit> Handle(ActOnCase request, CancellationToken cancellationToken)
    {
        outbox.Enroll(session);
        var stream = await session.Events.FetchForWriting<Submission>(request.SubmissionId, cancellationToken);
        var s = stream.Aggregate;
        var clerk = request.Clerk;
        if (s is null || !clerk.IsClerkOf(s.Agenda))
        {
            throw new NotFoundException("No such submission in your agendas.");
        }

        // Správní řád §14: nobody works a matter of their own; another clerk of the agenda takes it.
        if (s.CitizenId == clerk.Id)
        {
            throw new ValidationFailedException(string.Empty, t["Vlastní podání vyřizovat nemůžete (§ 14 správního řádu). Vyřídí je jiný úředník agendy."]);
        }

        var now = clock.GetUtcNow();
        var text = request.Text?.Trim() ?? string.Empty;
        if (request.Action == CaseAction.RequestCompletion && request.AnswerBy is { } answerBy && (answerBy <= town.Today || answerBy > town.Today.AddDays(365)))
        {
            throw new ValidationFailedException("answerBy", t["Lhůta k doplnění musí být nejdříve zítra a nejpozději za rok."]);
        }

        object change = request.Action switch
        {
            CaseAction.Claim when s.Status == SubmissionStatus.New => new Claimed(clerk.Id, clerk.Name, now),
            CaseAction.Start when s.Status is SubmissionStatus.New or SubmissionStatus.Assigned => new HandlingStarted(clerk.Id, clerk.Name, now),
            CaseAction.RequestCompletion when s.IsOpen && s.Status != SubmissionStatus.WaitingForCitizen => text.Length >= 5
                ? new CompletionRequested(clerk.Id, clerk.Name, text, request.AnswerBy, now)
                : throw new ValidationFailedException("text", t["Napište, co má občan doplnit (alespoň 5 znaků)."]),
            CaseAction.Extend when s.IsOpen => request.Days is >= 1 and <= 30 && text.Length >= 5
                ? new DeadlineExtended(request.Days, text, clerk.Name, now)
                : throw new ValidationFailedException("days", t["Prodloužení je 1 až 30 dní a potřebuje zdůvodnění."]),
            CaseAction.Approve or CaseAction.PartlyApprove or CaseAction.Reject when s.Status is SubmissionStatus.InProgress or SubmissionStatus.Assigned => text.Length >= 5
                ? Decision(request.Action, text, clerk, now)
                : throw new ValidationFailedException("text", t["Rozhodnutí potřebuje odůvodnění (alespoň 5 znaků)."]),
            CaseAction.Close when s.Status == SubmissionStatus.Decided => new Closed(clerk.Name, now),
            _ => throw new ValidationFailedException(string.Empty, t["Tento krok teď u podání nelze udělat."]),
        };
        stream.AppendOne(change);

        // What the citizen is told (a message and, as they chose or the law requires, an e-mail) is the Messages
        // module's business: it hears these events through the outbox.
        switch (change)
        {
            case Claimed or HandlingStarted:
                await outbox.PublishAsync(new SubmissionTaken(s.Id, s.ReferenceNumber, s.FormTitle, s.CitizenId, clerk.Name, change is HandlingStarted, now));
                break;
            case CompletionRequested asked:
                await outbox.PublishAsync(new SubmissionCompletionRequested(s.Id, s.ReferenceNumber, s.FormTitle, s.CitizenId, asked.Message, asked.AnswerBy, now));
                break;
            case DeadlineExtended extended:
                // The deadline as it stands with this extension (the aggregate itself is left to the projection).
                await outbox.PublishAsync(new SubmissionDeadlineExtended(s.Id, s.ReferenceNumber, s.FormTitle, s.CitizenId, extended.Days, extended.Reason, s.DeadlineOn(town.Zone, now, extended.Days), now));
                break;
            case Decided decided:
                await outbox.PublishAsync(new SubmissionDecided(s.Id, s.ReferenceNumber, s.FormCode, s.FormVersion, s.Agenda, s.CitizenId, decided.Approved, decided.Justification, s.Values, now, decided.Result().ToString(), s.FormTitle));
                break;
        }

        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    private static Decided Decision(CaseAction action, string text, CurrentUser clerk, DateTimeOffset now)
    {
        var outcome = action switch
        {
            CaseAction.Approve => Outcome.Approved,
            CaseAction.PartlyApprove => Outcome.PartlyApproved,
            _ => Outcome.Rejected,
        };
        return new Decided(outcome == Outcome.Approved, text, clerk.Id, clerk.Name, now, outcome);
    }
}

/// <summary>The podací deník for filing-office clerks: every entry, filtered by delivery date, agenda and status.</summary>
/// <remarks>
/// Entries are in the order of their numbers; <paramref name="ByDelivery"/> orders them by the time they arrived
/// (which differs where a registration was retried or replayed: the arrival time to the second is the proof of order).
/// </remarks>
public sealed record GetRegister(CurrentUser Clerk, DateOnly? From, DateOnly? To, string? Agenda, SubmissionStatus? Status, bool ByDelivery = false) : IRequest<IReadOnlyList<Submission>>;

public sealed class GetRegisterSlice(IQuerySession session, Portal.Shared.TownClock town) : IRequestHandler<GetRegister, IReadOnlyList<Submission>>
{
    public async ValueTask<IReadOnlyList<Submission>> Handle(GetRegister request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Filing))
        {
            throw new NotPermittedException("Only the filing office reads the whole register.");
        }

        var query = session.Query<Submission>().AsQueryable();

        // A date typed far out (0001-01-01, 9999-12-31) means "from the start" or "to the end", never an error.
        if (request.From is { } from && from > EarliestDay)
        {
            var start = town.StartOf(from);
            query = query.Where(s => s.DeliveredAt >= start);
        }

        if (request.To is { } to && to < LatestDay)
        {
            var end = town.StartOf(to.AddDays(1));
            query = query.Where(s => s.DeliveredAt < end);
        }

        if (!string.IsNullOrEmpty(request.Agenda))
        {
            query = query.Where(s => s.Agenda == request.Agenda);
        }

        if (request.Status is { } status)
        {
            query = query.Where(s => s.Status == status);
        }

        var ordered = request.ByDelivery
            ? query.OrderBy(s => s.DeliveredAt).ThenBy(s => s.Year).ThenBy(s => s.Sequence)
            : query.OrderBy(s => s.Year).ThenBy(s => s.Sequence);
        return await ordered.Take(10_000).ToListAsync(cancellationToken);
    }

    private static readonly DateOnly EarliestDay = new(1900, 1, 1);
    private static readonly DateOnly LatestDay = new(9000, 1, 1);

    /// <summary>
    /// The entries that arrived before an entry with a lower number of the same year (numbered later than they
    /// arrived, e.g. after a replay): the register marks them so the order of delivery is never misread.
    /// </summary>
    public static IReadOnlySet<Guid> ArrivedBeforeEarlierNumbers(IEnumerable<Submission> entries)
    {
        var marked = new HashSet<Guid>();
        foreach (var year in entries.GroupBy(s => s.Year))
        {
            var latest = DateTimeOffset.MinValue;
            foreach (var s in year.OrderBy(s => s.Sequence))
            {
                if (s.DeliveredAt < latest)
                {
                    marked.Add(s.Id);
                }

                latest = s.DeliveredAt > latest ? s.DeliveredAt : latest;
            }
        }

        return marked;
    }

    /// <summary>
    /// The register as CSV for a spreadsheet (UTF-8 with BOM so Czech letters read right, semicolons as Czech Excel
    /// expects, every text cell quoted and formula-safe): headers, agendas and states in the reader's language, never
    /// internal codes; times and days in the town's calendar as people write them.
    /// </summary>
    public static string Csv(IEnumerable<Submission> entries, Portal.Shared.TownClock town, IStringLocalizer t)
    {
        var now = town.Now;
        string[] headers = ["Pořadí", "Číslo jednací", "Doručeno", "Zapsáno", "Identifikátor dokumentu", "Agenda", "Podání", "Podatel", "Ověření podatele", "Stav", "Lhůta", "Otisk obsahu (SHA-256)"];
        var csv = new StringBuilder("\uFEFF").AppendJoin(';', headers.Select(h => Quote(t[h]))).Append("\r\n");
        foreach (var s in entries)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.Sequence};{Quote(s.ReferenceNumber)};{Quote(town.FormatSeconds(s.DeliveredAt))};{Quote(s.RegisteredAt is { } at ? town.FormatSeconds(at) : string.Empty)};{Quote(s.Identifier)};{Quote(t["agenda:" + s.Agenda])};{Quote(s.FormTitle)};{Quote(s.CitizenName)};{Quote(SubmissionState.Identification(s, t))};{Quote(SubmissionState.Text(s, t))};{Quote(town.FormatDate(s.DeadlineOn(town.Zone, now)))};{Quote(s.Digest)}\r\n");
        }

        return csv.ToString();
    }

    private static string Quote(string value) => Portal.Shared.Text.CsvCell.Text(value);
}

/// <summary>A submission's state in words a citizen uses: "rozhodnuto – vyhověno", "čeká na doplnění".</summary>
public static class SubmissionState
{
    /// <summary>How the sender was identified, in words: "ověřeno přes NIA (úroveň značná)", "neověřeno – jen e-mail a heslo".</summary>
    public static string Identification(Submission s, IStringLocalizer t) => t["identification:" + (s.Identification ?? "unknown")];

    /// <summary>Whether the name shown is verified through NIA at least at substantial level.</summary>
    public static bool IsVerified(Submission s) => Portal.Forms.Contracts.SubmitterIdentification.IsVerified(s.Identification);

    public static string Text(Submission s, IStringLocalizer t) =>
        s.DecisionOutcome() is { } outcome && s.Status is SubmissionStatus.Decided or SubmissionStatus.Closed
            ? t["status:" + s.Status] + " – " + t["outcome:" + outcome]
            : t["status:" + s.Status];
}
