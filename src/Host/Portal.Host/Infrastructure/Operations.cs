using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Fees.Contracts;
using Portal.Payments.Contracts;
using Wolverine;

namespace Portal.Host.Infrastructure;

/// <summary>A message in Wolverine's dead letters: what it was, why it failed, when.</summary>
public sealed record DeadLetter(Guid Id, string MessageType, string? ExceptionType, string? ExceptionMessage, DateTimeOffset? FailedAt, bool Replayable);

/// <summary>Messages waiting in a durable queue, by queue and status (Incoming, Scheduled, Handled).</summary>
public sealed record QueueDepth(string Queue, string Status, long Count);

/// <summary>What the town's IT needs to see: the dead letters, work that looks stuck, pending card payments, queues.</summary>
public sealed record OperationsReport(
    IReadOnlyList<DeadLetter> DeadLetters,
    long DeadLetterCount,
    IReadOnlyList<StuckImport> StuckImports,
    IReadOnlyList<StuckAssessment> StuckAssessments,
    IReadOnlyList<PendingCardPayment> PendingCardPayments,
    IReadOnlyList<QueueDepth> Queues);

/// <summary>
/// The operator's view over the one database every instance shares (the dead letters and envelopes of Wolverine's
/// message store, the long jobs' documents), and the mends: replay or discard a dead letter, resume an import or an
/// assessment (each resumes from its checkpoint and does nothing twice).
/// </summary>
public sealed class Operations(IDocumentStore store, IMessageBus bus, TimeProvider clock)
{
    /// <summary>A long job that has not moved for this long is shown as stuck.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(5);

    /// <summary>A card payment still "created" after this long is shown as pending.</summary>
    public static readonly TimeSpan PendingAfter = TimeSpan.FromMinutes(15);

    private const string OfTown = Portal.Shared.Towns.TownEnvelopes.Filter;

    /// <summary>The current town's report (its dead letters and queued messages only).</summary>
    public Task<OperationsReport> ReportAsync(CancellationToken ct) => ReportAsync(Portal.Shared.Towns.TownContext.RequiredId, ct);

    private async Task<OperationsReport> ReportAsync(string town, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var now = clock.GetUtcNow();
        var stuckBefore = now - StuckAfter;
        var deadLetters = (await session.AdvancedSql.QueryAsync<string>(
            $"""
            select json_build_object('Id', id, 'MessageType', message_type, 'ExceptionType', exception_type, 'ExceptionMessage', exception_message,
                                     'FailedAt', coalesce(failed_at, sent_at), 'Replayable', coalesce(replayable, false))::text
            from wolverine.wolverine_dead_letters where archived_at is null and {OfTown} order by coalesce(failed_at, sent_at) desc limit 200
            """,
            ct,
            town,
            town)).Select(json => System.Text.Json.JsonSerializer.Deserialize<DeadLetter>(json)!).ToList();
        var count = await CountDeadLettersAsync(session, town, ct);
        var payments = await bus.InvokeAsync<PaymentsOperations>(new GetPaymentsOperations(stuckBefore, now - PendingAfter), ct);
        var runs = await bus.InvokeAsync<StuckAssessments>(new GetStuckAssessments(stuckBefore), ct);
        var queues = (await session.AdvancedSql.QueryAsync<string>(
            $"select json_build_object('Queue', q, 'Status', s, 'Count', n)::text from (select coalesce(received_at, '') as q, status as s, count(*) as n from wolverine.wolverine_incoming_envelopes where {OfTown} group by 1, 2 order by 1, 2) t",
            ct,
            town,
            town)).Select(json => System.Text.Json.JsonSerializer.Deserialize<QueueDepth>(json)!).ToList();
        return new OperationsReport(deadLetters, count, payments.StuckImports, runs.Items, payments.PendingCardPayments, queues);
    }

    /// <summary>How much long work looks stuck in all towns together (each module counts its own in one query).</summary>
    public async Task<(long Imports, long Assessments, long PendingCardPayments)> StuckWorkOfAllTownsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var payments = await bus.InvokeAsync<PaymentsOperationsCount>(new CountPaymentsOperations(now - StuckAfter, now - PendingAfter), ct);
        var runs = await bus.InvokeAsync<StuckAssessmentsCount>(new CountStuckAssessments(now - StuckAfter), ct);
        return (payments.StuckImports, runs.Count, payments.PendingCardPayments);
    }

    /// <summary>A town's dead letters waiting for someone.</summary>
    public static async Task<long> CountDeadLettersAsync(IQuerySession session, string town, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<long>($"select count(*) from wolverine.wolverine_dead_letters where archived_at is null and {OfTown}", ct, town, town)).Single();

    /// <summary>A town's messages waiting in the durable queues (incoming or scheduled).</summary>
    public static async Task<long> CountQueuedAsync(IQuerySession session, string town, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<long>($"select count(*) from wolverine.wolverine_incoming_envelopes where status <> 'Handled' and {OfTown}", ct, town, town)).Single();

    /// <summary>Marks one of the town's dead letters for replay: Wolverine's durability agent moves it back to its queue.</summary>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken ct) =>
        await ExecuteAsync($"update wolverine.wolverine_dead_letters set replayable = true where id = ? and {OfTown}", id, ct);

    public async Task<bool> DiscardAsync(Guid id, CancellationToken ct) =>
        await ExecuteAsync($"delete from wolverine.wolverine_dead_letters where id = ? and {OfTown}", id, ct);

    /// <summary>Sends the import's message again: it goes on from its checkpoint (a running attempt makes it a no-op).</summary>
    public async Task ResumeImportAsync(Guid importId) => await bus.PublishAsync(new ResumeImport(importId));

    public async Task ResumeAssessmentAsync(string feeCode, int year) => await bus.PublishAsync(new ResumeAssessment(feeCode, year));

    private async Task<bool> ExecuteAsync(string sql, Guid id, CancellationToken ct)
    {
        var town = Portal.Shared.Towns.TownContext.RequiredId;
        await using var session = store.LightweightSession();
        var rows = await session.AdvancedSql.QueryAsync<int>($"with changed as ({sql} returning 1) select count(*)::int from changed", ct, id, town, town);
        return rows.Single() > 0;
    }
}

/// <summary>/health/ready is "degraded" while messages wait in the dead letters: the portal serves, someone must look.</summary>
public sealed class DeadLetterHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var count = (await session.AdvancedSql.QueryAsync<long>("select count(*) from wolverine.wolverine_dead_letters where archived_at is null", cancellationToken)).Single();
        OperationsMetrics.DeadLetters = count;
        return count == 0
            ? HealthCheckResult.Healthy("No dead letters.")
            : HealthCheckResult.Degraded($"{count} message(s) in the dead letters: see /Admin/Operations.");
    }
}

/// <summary>
/// Prometheus gauges of the operator's figures, refreshed every half minute by <see cref="OperationsMetricsRefresher"/>:
/// dead letters, stuck imports and assessments, pending card payments, messages waiting in the durable queues.
/// </summary>
public sealed class OperationsMetrics
{
    public const string MeterName = "Portal.Operations";

    public OperationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("portal.operations.dead_letters", () => DeadLetters, description: "Messages in the dead letters");
        meter.CreateObservableGauge("portal.operations.stuck_imports", () => StuckImports, description: "Statement imports that have not moved for 5 minutes");
        meter.CreateObservableGauge("portal.operations.stuck_assessments", () => StuckAssessments, description: "Assessment runs that have not moved for 5 minutes");
        meter.CreateObservableGauge("portal.operations.pending_card_payments", () => PendingCardPayments, description: "Card payments still created after 15 minutes");
        meter.CreateObservableGauge("portal.operations.queued_messages", () => QueuedMessages, description: "Messages waiting in the durable queues");
    }

    public static long DeadLetters { get; set; }

    public static long StuckImports { get; set; }

    public static long StuckAssessments { get; set; }

    public static long PendingCardPayments { get; set; }

    public static long QueuedMessages { get; set; }
}

internal sealed class OperationsMetricsRefresher(IServiceScopeFactory scopes, OperationsMetrics metrics, Portal.Shared.Towns.ITowns towns, ILogger<OperationsMetricsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = metrics;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        do
        {
            try
            {
                // Every figure for all towns at once: its cost does not grow with the number of towns.
                await using var scope = scopes.CreateAsyncScope();
                await using (var connection = scope.ServiceProvider.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection())
                {
                    await connection.OpenAsync(stoppingToken);
                    var live = towns.All.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
                    OperationsMetrics.DeadLetters = (await Portal.Shared.Towns.TownEnvelopes.DeadLettersPerTownAsync(connection, stoppingToken)).Where(c => live.Contains(c.Key)).Sum(c => c.Value);
                    OperationsMetrics.QueuedMessages = (await Portal.Shared.Towns.TownEnvelopes.QueuedPerTownAsync(connection, stoppingToken)).Where(c => live.Contains(c.Key)).Sum(c => c.Value);
                }

                var (imports, assessments, pending) = await scope.ServiceProvider.GetRequiredService<Operations>().StuckWorkOfAllTownsAsync(stoppingToken);
                OperationsMetrics.StuckImports = imports;
                OperationsMetrics.StuckAssessments = assessments;
                OperationsMetrics.PendingCardPayments = pending;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Operations figures not refreshed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
