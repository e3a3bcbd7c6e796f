using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
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

public sealed class StartAssessmentSlice(IDocumentSession session, IMartenOutbox outbox, IStringLocalizer<FeesText> t, TimeProvider clock) : IRequestHandler<StartAssessment, AssessmentRun>
{
    public async ValueTask<AssessmentRun> Handle(StartAssessment request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks assess fees.");
        }

        var fee = await session.LoadAsync<FeeKind>(request.FeeCode, cancellationToken) ?? throw new ValidationFailedException("feeCode", t["Vyberte poplatek."]);
        var now = clock.GetUtcNow();
        if (request.Year < now.Year - 1 || request.Year > now.Year + 1)
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
        run.Total = await session.Query<Registration>().CountAsync(r => r.FeeCode == request.FeeCode && r.From <= lastDay && (r.To == null || r.To >= firstDay), cancellationToken);
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
/// which of their obligations exist already (deterministic ids), a new stream with its <see cref="Assessed"/> event
/// for each missing one, and the advanced checkpoint, all in one transaction.
/// </summary>
public static class AssessYearHandler
{
    public static async Task Handle(AssessYear message, IDocumentStore store, IOptions<FeesOptions> options, TimeProvider clock, ILogger<AssessmentRun> logger, CancellationToken cancellationToken)
    {
        var runId = AssessmentRun.IdFor(message.FeeCode, message.Year);
        var firstDay = new DateOnly(message.Year, 1, 1);
        var lastDay = new DateOnly(message.Year, 12, 31);
        FeeKind? fee;
        await using (var query = store.QuerySession())
        {
            fee = await query.LoadAsync<FeeKind>(message.FeeCode, cancellationToken);
        }

        var rates = fee?.RatesFor(message.Year);
        if (fee is null || rates is null)
        {
            logger.LogWarning("Assessment {Run} has no fee or rates; nothing done", runId);
            return;
        }

        while (true)
        {
            await using var session = store.LightweightSession();
            var run = await session.LoadAsync<AssessmentRun>(runId, cancellationToken);
            if (run is null || run.Status == AssessmentStatus.Completed)
            {
                return;
            }

            var checkpoint = run.Checkpoint;
            var batch = await session.Query<Registration>()
                .Where(r => r.FeeCode == message.FeeCode && r.Number > checkpoint && r.From <= lastDay && (r.To == null || r.To >= firstDay))
                .OrderBy(r => r.Number)
                .Take(options.Value.AssessmentBatchSize)
                .ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            if (batch.Count == 0)
            {
                run.Status = AssessmentStatus.Completed;
                run.FinishedAt = now;
                session.Store(run);
                await session.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Assessment {Run} completed: {Created} obligations created, {Existing} already there", runId, run.Created, run.AlreadyThere);
                return;
            }

            var ids = batch.Select(r => Obligation.IdFor(r.Id, message.Year)).ToArray();
            var existing = (await session.Query<Obligation>().Where(o => o.Id.IsOneOf(ids)).Select(o => o.Id).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var registration in batch)
            {
                var id = Obligation.IdFor(registration.Id, message.Year);
                if (existing.Contains(id))
                {
                    run.AlreadyThere++;
                    continue;
                }

                var assessed = Assessor.Assess(fee, rates, registration, message.Year, now);
                session.Events.StartStream<Obligation>(id, assessed);
                run.Created++;
                run.AmountCreated += assessed.Amount;
            }

            run.Processed += batch.Count;
            run.Checkpoint = batch[^1].Number;
            session.Store(run);
            await session.SaveChangesAsync(cancellationToken);
        }
    }
}
