using Portal.Shared.Towns;
using System.Diagnostics;
using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Fees.Contracts;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Portal.Shared;
using Portal.Shared.Hosting;
using Portal.Shared.Validation;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Fees.Features;

/// <summary>
/// One day's reminders (the town's calendar day). Its document says how far the run got (which fee, which reminder,
/// the last obligation), so a restarted run goes on from there; the reminder log makes each reminder of an instalment
/// go out once whatever happens.
/// </summary>
public sealed record SendReminders(DateOnly Day);

public enum ReminderRunStatus
{
    Scheduled,
    Running,
    Finished,
}

public sealed class ReminderRun
{
    public string Id { get; set; } = string.Empty;
    public DateOnly Day { get; set; }
    public ReminderRunStatus Status { get; set; }
    public int Step { get; set; }
    public Guid After { get; set; }
    public long Sent { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public static string IdFor(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The reminder log (fees.reminder_log): one row per instalment (obligation, due date) and reminder (days from the due
/// date; a clerk's reminder from the arrears list is the days overdue on that day). Inserting with "on conflict do
/// nothing returning" in the transaction that publishes the reminders is what makes each go out once.
/// </summary>
internal static class ReminderLog
{
    public const string Table = FeesModule.Schema + ".reminder_log";

    public static Weasel.Postgresql.Tables.Table Definition()
    {
        var table = new Weasel.Postgresql.Tables.Table(new Weasel.Postgresql.PostgresqlObjectName(FeesModule.Schema, "reminder_log", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey().DefaultValueByString("*DEFAULT*");
        table.AddColumn<Guid>("obligation_id").AsPrimaryKey();
        table.AddColumn("due_date", "date").AsPrimaryKey();
        table.AddColumn<int>("offset_days").AsPrimaryKey();
        table.AddColumn("sent_at", "timestamp with time zone").NotNull();
        table.AddColumn<bool>("manual").NotNull().DefaultValueByExpression("false");
        return table;
    }

    /// <summary>Logs the reminders not sent before and answers the obligations among them (one due date and offset).</summary>
    public static async Task<HashSet<Guid>> LogAsync(IDocumentSession session, IReadOnlyList<Guid> obligations, DateOnly due, int offset, bool manual, DateTimeOffset now, CancellationToken ct)
    {
        if (obligations.Count == 0)
        {
            return [];
        }

        var logged = await session.QueryAsync<Guid>(
            $"""
            with inserted as (
                insert into {Table} (tenant_id, obligation_id, due_date, offset_days, sent_at, manual)
                select ?, o, ?::date, ?, ?, ? from unnest(?::uuid[]) as o
                on conflict do nothing
                returning obligation_id)
            select obligation_id from inserted
            """,
            ct,
            session.TenantId, due.ToDateTime(TimeOnly.MinValue), offset, now, manual, obligations.ToArray());
        return logged.ToHashSet();
    }
}

/// <summary>
/// Works one day's reminders: for every fee kind and each of its reminder days, the obligations with an instalment due
/// on the matching date (a JSON containment query, keyset-paged by id), those whose instalment is not covered by
/// what was paid, their payer (an account, or the e-mail of a payer registered on paper; nobody to tell, no reminder),
/// logged and published to the message centre in one transaction per batch with the run's checkpoint. Slices of
/// <see cref="FeesOptions.ReminderSlice"/>; the next slice is the next message.
/// </summary>
public static class SendRemindersHandler
{
    public static async Task<OutgoingMessages> Handle(SendReminders message, IDocumentStore store, IServiceScopeFactory scopes, IOptions<FeesOptions> options, ITowns towns, TimeProvider clock, TownClock town, ILogger<ReminderRun> logger, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var day = message.Day;
        List<FeeKind> kinds;
        ReminderRun? run;
        await using (var query = store.QuerySession(TownContext.RequiredId))
        {
            kinds = (await query.Query<FeeKind>().ToListAsync(ct)).OrderBy(k => k.Id).ToList();
            run = await query.LoadAsync<ReminderRun>(ReminderRun.IdFor(day), ct);
        }

        run ??= new ReminderRun { Id = ReminderRun.IdFor(day), Day = day };
        if (run.Status == ReminderRunStatus.Finished)
        {
            return [];
        }

        var steps = kinds.SelectMany(k => k.Reminders.Distinct().Order().Select(offset => (Kind: k, Offset: offset))).ToList();
        run.Status = ReminderRunStatus.Running;
        run.StartedAt ??= clock.GetUtcNow();
        while (run.Step < steps.Count)
        {
            var (kind, offset) = steps[run.Step];
            var due = day.AddDays(-offset);
            var batch = await ReadAsync(store, kind.Id, due, run.After, options.Value.ReminderBatchSize, ct);
            // A fresh outbox for every batch's transaction: an outbox enrolls in one session.
            await using var scope = scopes.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
            await using var session = store.LightweightSession(TownContext.RequiredId);
            outbox.Enroll(session);
            await session.BeginTransactionAsync(ct);
            if (batch.Count == 0)
            {
                run.Step++;
                run.After = Guid.Empty;
            }
            else
            {
                var now = clock.GetUtcNow();
                var reminders = await RemindersAsync(session, kind, batch, due, offset, day, now, ct);
                var logged = await ReminderLog.LogAsync(session, reminders.Select(r => r.ObligationId).ToList(), due, offset, manual: false, now, ct);
                var fresh = reminders.Where(r => logged.Contains(r.ObligationId)).ToList();
                foreach (var chunk in fresh.Chunk(1000))
                {
                    await outbox.PublishAsync(new InstalmentRemindersDue(chunk));
                }

                run.Sent += fresh.Count;
                run.After = batch[^1].Id;
            }

            var finished = run.Step >= steps.Count;
            if (finished)
            {
                run.Status = ReminderRunStatus.Finished;
                run.FinishedAt = clock.GetUtcNow();

                // The next day's run waits in the database as a scheduled message: a restart loses nothing. (A run of
                // that day already there, queued or done, is left as it is.)
                var next = day.AddDays(1);
                if (await session.LoadAsync<ReminderRun>(ReminderRun.IdFor(next), ct) is null)
                {
                    session.Store(new ReminderRun { Id = ReminderRun.IdFor(next), Day = next, Status = ReminderRunStatus.Scheduled });
                    await outbox.ScheduleAsync(new SendReminders(next), town.StartOf(next).Add(towns.Current.ReminderSendAt.ToTimeSpan()));
                }
            }

            session.Store(run);
            await session.SaveChangesAsync(ct);
            if (finished)
            {
                logger.LogInformation("Reminders of {Day}: {Sent} sent", day, run.Sent);
                return [];
            }

            if (watch.Elapsed > options.Value.ReminderSlice)
            {
                return [message]; // the next slice goes on from the saved checkpoint
            }
        }

        return [];
    }

    /// <summary>The fee's obligations with an instalment due on that day, after the given id.</summary>
    private static async Task<IReadOnlyList<Obligation>> ReadAsync(IDocumentStore store, string feeCode, DateOnly due, Guid after, int take, CancellationToken ct)
    {
        await using var query = store.QuerySession(TownContext.RequiredId);
        var instalment = $$"""[{"DueDate":"{{due:yyyy-MM-dd}}"}]""";
        return await query.QueryAsync<Obligation>(
            $"select data from {FeesModule.Schema}.mt_doc_obligation where tenant_id = ? and data ->> 'FeeCode' = ? and data -> 'Instalments' @> ?::jsonb and id > ? order by id limit ?",
            ct, query.TenantId, feeCode, instalment, after, take);
    }

    /// <summary>What each obligation's instalment still owes, and whom to tell; unpaid ones with somebody to tell only.</summary>
    internal static async Task<List<InstalmentReminder>> RemindersAsync(IQuerySession session, FeeKind kind, IReadOnlyList<Obligation> obligations, DateOnly due, int offset, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var owing = new List<(Obligation O, decimal Amount)>();
        foreach (var o in obligations)
        {
            var instalment = o.Allocation().FirstOrDefault(i => i.DueDate == due);
            var amount = offset > 0 ? o.OverdueOn(today) : (instalment?.Remaining ?? 0);
            if (instalment is not null && instalment.Remaining > 0 && o.Remaining > 0 && amount > 0)
            {
                owing.Add((o, Math.Min(amount, o.Remaining)));
            }
        }

        var paper = owing.Where(x => x.O.CitizenId is null).Select(x => x.O.RegistrationId).Distinct().ToArray();
        var emails = paper.Length == 0
            ? new Dictionary<Guid, string?>()
            : (await session.LoadManyAsync<Registration>(ct, paper)).ToDictionary(r => r.Id, r => r.PayerEmail);
        return owing
            .Select(x => (x.O, x.Amount, Email: x.O.CitizenId is null ? emails.GetValueOrDefault(x.O.RegistrationId) : null))
            .Where(x => x.O.CitizenId is not null || !string.IsNullOrWhiteSpace(x.Email))
            .Select(x => new InstalmentReminder(x.O.Id, due, offset, x.O.CitizenId, x.O.PayerName, x.Email, kind.NameCs, kind.NameEn, x.O.Year, x.Amount, x.O.VariableSymbol, now))
            .ToList();
    }
}

/// <summary>
/// Queues the day's reminders at the town's reminder time (its setting, the town's clock) when no run of that day
/// exists yet: at start (after a restart or on a new installation) and every quarter of an hour, one instance at a
/// time. A finished run schedules the next day's itself; this is the safety net.
/// </summary>
public sealed class ReminderClock(IServiceScopeFactory scopes, ITowns towns, TimeProvider clock, ILogger<ReminderClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
                await ClusterLock.TryRunAsync(store.Storage.Database.CreateConnection(), "fees.reminders", () => QueueAllAsync(clock.GetUtcNow(), stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reminders not queued this round");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Every active town, each on its own (one town's failure leaves the others' reminders queued).</summary>
    private async Task QueueAllAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var each in towns.All.Where(t => t.IsActive))
        {
            try
            {
                await QueueAsync(each.Id, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reminders of town {Town} not queued this round", each.Id);
            }
        }
    }

    /// <summary>Queues the run of the town's day of <paramref name="now"/> if it is time and none exists. Answers the day queued.</summary>
    public async Task<DateOnly?> QueueAsync(string townId, DateTimeOffset now, CancellationToken ct)
    {
        using var inTown = TownContext.Enter(townId);
        var sendAt = towns.Current.ReminderSendAt;
        await using var scope = scopes.CreateAsyncScope();
        var town = scope.ServiceProvider.GetRequiredService<TownClock>();
        var local = town.ToTown(now);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) < sendAt)
        {
            return null;
        }

        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var existing = await session.LoadAsync<ReminderRun>(ReminderRun.IdFor(day), ct);
        if (existing is not null && existing.Status != ReminderRunStatus.Scheduled)
        {
            return null;
        }

        if (existing is { Status: ReminderRunStatus.Scheduled } && existing.Day == day && now < town.StartOf(day).Add(sendAt.ToTimeSpan()).AddMinutes(30))
        {
            return null; // its scheduled message is about to run
        }

        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        outbox.Enroll(session);
        session.Store(new ReminderRun { Id = ReminderRun.IdFor(day), Day = day, Status = ReminderRunStatus.Running, StartedAt = now });
        await outbox.PublishAsync(new SendReminders(day));
        await session.SaveChangesAsync(ct);
        return day;
    }
}
