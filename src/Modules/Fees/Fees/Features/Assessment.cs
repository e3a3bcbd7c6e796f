using Portal.Shared.Towns;
using JasperFx.Events;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Fees.Contracts;
using Portal.Fees.Domain;
using Portal.Fees.Infrastructure;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Fees.Features;

public enum AssessmentStatus
{
    Running,
    Completed,
}

/// <summary>
/// One "assess year N" run of a fee: its checkpoint (the last registration number done) and counters commit with
/// each batch, so a crash resumes where the last batch ended and a second run creates only what is missing.
/// </summary>
public sealed class AssessmentRun
{
    public string Id { get; set; } = string.Empty;
    public string FeeCode { get; set; } = string.Empty;
    public int Year { get; set; }
    public AssessmentStatus Status { get; set; }
    public long Checkpoint { get; set; }
    public long Total { get; set; }
    public long Processed { get; set; }
    public long Created { get; set; }
    public long AlreadyThere { get; set; }
    public decimal AmountCreated { get; set; }
    public int Runs { get; set; }
    public string StartedBy { get; set; } = string.Empty;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public static string IdFor(string feeCode, int year) => $"{feeCode}-{year}";
}

/// <summary>The message that does the work of a run, on a durable local queue (a crash redelivers it).</summary>
public sealed record AssessYear(string FeeCode, int Year);

/// <summary>A fees clerk starts "assess year N" for a fee; answers the run (already running: that one).</summary>
public sealed record StartAssessment(string FeeCode, int Year, CurrentUser Clerk) : IRequest<AssessmentRun>;

public sealed class StartAssessmentSlice(IDocumentSession session, IMartenOutbox outbox, IStringLocalizer<FeesText> t, TimeProvider clock, Portal.Shared.TownClock town) : IRequestHandler<StartAssessment, AssessmentRun>
{
    public async ValueTask<AssessmentRun> Handle(StartAssessment request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks assess fees.");
        }

        var fee = await session.LoadAsync<FeeKind>(request.FeeCode, cancellationToken) ?? throw new ValidationFailedException("feeCode", t["Vyberte poplatek."]);
        var now = clock.GetUtcNow();
        var thisYear = town.Today.Year;
        if (request.Year < thisYear - 1 || request.Year > thisYear + 1)
        {
            throw new ValidationFailedException("year", t["Vyměřit lze loňský, letošní nebo příští rok."]);
        }

        if (fee.RatesFor(request.Year) is null)
        {
            throw new ValidationFailedException("year", t["Pro tento rok nejsou zadány sazby poplatku."]);
        }

        var run = await session.LoadAsync<AssessmentRun>(AssessmentRun.IdFor(request.FeeCode, request.Year), cancellationToken)
            ?? new AssessmentRun { Id = AssessmentRun.IdFor(request.FeeCode, request.Year), FeeCode = request.FeeCode, Year = request.Year };
        if (run.Status == AssessmentStatus.Running && run.Runs > 0)
        {
            return run;
        }

        run.Status = AssessmentStatus.Running;
        run.Checkpoint = 0;
        run.Processed = run.Created = run.AlreadyThere = 0;
        run.AmountCreated = 0;
        run.Runs++;
        run.StartedBy = request.Clerk.Name;
        run.StartedAt = now;
        run.FinishedAt = null;
        var lastDay = new DateOnly(request.Year, 12, 31);
        var firstDay = new DateOnly(request.Year, 1, 1);
        run.Total = await session.Query<Registration>().CountAsync(r => r.FeeCode == request.FeeCode && r.Review == null && r.From <= lastDay && (r.To == null || r.To >= firstDay), cancellationToken);
        session.Store(run);
        outbox.Enroll(session);
        await outbox.PublishAsync(new AssessYear(request.FeeCode, request.Year));
        await session.SaveChangesAsync(cancellationToken);
        return run;
    }
}

/// <summary>The runs of all fees, newest year first.</summary>
public sealed record ListAssessmentRuns : IRequest<IReadOnlyList<AssessmentRun>>;

public sealed class ListAssessmentRunsSlice(IQuerySession session) : IRequestHandler<ListAssessmentRuns, IReadOnlyList<AssessmentRun>>
{
    public async ValueTask<IReadOnlyList<AssessmentRun>> Handle(ListAssessmentRuns request, CancellationToken cancellationToken) =>
        await session.Query<AssessmentRun>().OrderByDescending(r => r.Year).ThenBy(r => r.FeeCode).ToListAsync(cancellationToken);
}

/// <summary>
/// Works a run batch by batch in registration-number order. Each batch: the registrations after the checkpoint,
/// which of their obligations exist already (deterministic ids, streams and snapshots checked apart), then the
/// missing ones written with PostgreSQL COPY (Marten's bulk event and document inserts, side by side), then the
/// checkpoint; the next batch is read while the current one is written. A crash between the writes is repaired by
/// the next attempt (the checks). A million obligations a year is a bulk load, not a million transactions.
/// </summary>
public static class AssessYearHandler
{
    /// <summary>One message works at most this long, then hands the rest to the next (Wolverine cancels long handlers).</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(20);

    public static async Task<OutgoingMessages> Handle(AssessYear message, IDocumentStore store, IServiceScopeFactory scopes, IOptions<FeesOptions> options, TimeProvider clock, FeesMetrics metrics, ILogger<AssessmentRun> logger, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var runId = AssessmentRun.IdFor(message.FeeCode, message.Year);
        var firstDay = new DateOnly(message.Year, 1, 1);
        var lastDay = new DateOnly(message.Year, 12, 31);
        AssessmentRun? run;
        FeeKind? fee;
        await using (var query = store.QuerySession(TownContext.RequiredId))
        {
            fee = await query.LoadAsync<FeeKind>(message.FeeCode, cancellationToken);
            run = await query.LoadAsync<AssessmentRun>(runId, cancellationToken);
        }

        var rates = fee?.RatesFor(message.Year);
        if (fee is null || rates is null || run is null || run.Status == AssessmentStatus.Completed)
        {
            logger.LogWarning("Assessment {Run} has no fee, rates or open run; nothing done", runId);
            return [];
        }

        if (run.Checkpoint == 0)
        {
            // A run walks the whole register: with statistics older than a bulk import of payers (a town moving from
            // another system) the planner guesses a few rows and sorts the whole table for every batch.
            await using var analyze = store.LightweightSession(TownContext.RequiredId);
            analyze.QueueSqlCommand($"ANALYZE {FeesModule.Schema}.mt_doc_registration");
            await analyze.SaveChangesAsync(cancellationToken);
        }

        async Task<List<Registration>> Read(long after)
        {
            await using var query = store.QuerySession(TownContext.RequiredId);
            return (await query.Query<Registration>()
                .Where(r => r.FeeCode == message.FeeCode && r.Number > after && r.Review == null && r.From <= lastDay && (r.To == null || r.To >= firstDay))
                .OrderBy(r => r.Number)
                .Take(options.Value.AssessmentBatchSize)
                .ToListAsync(cancellationToken)).ToList();
        }

        var events = ((DocumentStore)store).Events;
        var next = Read(run.Checkpoint);
        while (true)
        {
            var batch = await next;
            var now = clock.GetUtcNow();
            if (batch.Count == 0)
            {
                run.Status = AssessmentStatus.Completed;
                run.FinishedAt = now;
                await SaveRun(store, run, cancellationToken);
                logger.LogInformation("Assessment {Run} completed: {Created} obligations created, {Existing} already there", runId, run.Created, run.AlreadyThere);
                return [];
            }

            var ids = batch.Select(r => Obligation.IdFor(r.Id, message.Year)).ToArray();
            HashSet<Guid> streams, documents;
            await using (var query = store.QuerySession(TownContext.RequiredId))
            {
                streams = (await query.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where tenant_id = ? and id = any(?)", cancellationToken, query.TenantId, ids)).ToHashSet();
                documents = (await query.Query<Obligation>().Where(o => o.Id.IsOneOf(ids)).Select(o => o.Id).ToListAsync(cancellationToken)).ToHashSet();
            }

            var newStreams = new List<StreamAction>();
            var newDocuments = new List<Obligation>();
            var told = new List<AssessedObligation>();
            foreach (var registration in batch)
            {
                var id = Obligation.IdFor(registration.Id, message.Year);
                if (streams.Contains(id) && documents.Contains(id))
                {
                    run.AlreadyThere++;
                    continue;
                }

                var assessed = Assessor.Assess(fee, rates, registration, message.Year, now);
                if (!streams.Contains(id))
                {
                    newStreams.Add(StreamAction.Start(events, id, assessed));
                    if (assessed.CitizenId is { } citizen && assessed.Amount > 0)
                    {
                        told.Add(new AssessedObligation(id, citizen, fee.NameCs, fee.NameEn, message.Year, assessed.Amount, assessed.Instalments.Select(i => (DateOnly?)i.DueDate).Min(), now));
                    }

                    run.Created++;
                    run.AmountCreated += assessed.Amount;
                }

                // The snapshot the inline projection would have written (bulk inserts do not run projections); also
                // written when an earlier attempt stored the stream and stopped before its snapshot.
                if (!documents.Contains(id))
                {
                    var snapshot = new Obligation();
                    snapshot.Apply(assessed);
                    newDocuments.Add(snapshot);
                }
            }

            next = Read(batch[^1].Number);
            await Task.WhenAll(
                newStreams.Count > 0 ? store.BulkInsertEventsAsync(TownContext.RequiredId, newStreams, newStreams.Count, cancellationToken) : Task.CompletedTask,
                newDocuments.Count > 0 ? store.BulkInsertAsync(TownContext.RequiredId, newDocuments, batchSize: newDocuments.Count, cancellation: cancellationToken) : Task.CompletedTask);
            metrics.Assessed(newStreams.Count);
            run.Processed += batch.Count;
            run.Checkpoint = batch[^1].Number;

            // The payers with an account hear of their new obligations (the message centre) with the checkpoint.
            await SaveRun(store, run, cancellationToken, told.Count > 0 ? (scopes, new ObligationsAssessed(told)) : null);
            if (started.Elapsed > Slice)
            {
                await next; // read, not used: the next message starts from the saved checkpoint
                return [message];
            }
        }
    }

    private static async Task SaveRun(IDocumentStore store, AssessmentRun run, CancellationToken ct, (IServiceScopeFactory Scopes, object Event)? publish = null)
    {
        await using var session = store.LightweightSession(TownContext.RequiredId);
        session.Store(run);
        await using var scope = publish?.Scopes.CreateAsyncScope();
        if (publish is { } p)
        {
            // A fresh outbox for this transaction (an outbox enrolls in one session).
            var outbox = scope!.Value.ServiceProvider.GetRequiredService<IMartenOutbox>();
            outbox.Enroll(session);
            await outbox.PublishAsync(p.Event);
        }

        await session.SaveChangesAsync(ct);
    }
}
