using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Features;

namespace Portal.Identity.Infrastructure;

/// <summary>
/// Prometheus figures of the Identity module: sign-ins and registrations as counters (counted when the outbox
/// delivers the events), and the town's totals as gauges refreshed every minute from the store.
/// </summary>
public sealed class IdentityMetrics
{
    public const string MeterName = "Portal.Identity";

    private readonly Counter<long> signIns;
    private readonly Counter<long> registrations;
    private readonly Counter<long> verifications;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TownStatistics> totals = new(StringComparer.Ordinal);

    public IdentityMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        signIns = meter.CreateCounter<long>("portal.identity.signins", description: "Sign-ins by method");
        registrations = meter.CreateCounter<long>("portal.identity.registrations", description: "New citizen accounts by kind");
        verifications = meter.CreateCounter<long>("portal.identity.verifications", description: "Accounts verified through NIA");
        meter.CreateObservableGauge("portal.identity.citizens", () => Totals(t => t.Citizens), description: "Registered citizens");
        meter.CreateObservableGauge("portal.identity.citizens.personal", () => Totals(t => t.PersonalAccounts), description: "Citizens registered with e-mail and password");
        meter.CreateObservableGauge("portal.identity.citizens.nia", () => Totals(t => t.NiaAccounts), description: "Citizens registered through NIA");
        meter.CreateObservableGauge("portal.identity.citizens.verified", () => Totals(t => t.VerifiedCitizens), description: "Citizens verified through NIA");
    }

    public void SignedIn(string method) => signIns.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Registered(AccountKind kind) => registrations.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));

    public void Verified() => verifications.Add(1);

    internal void Update(string town, TownStatistics statistics) => totals[town] = statistics;

    /// <summary>Drops the figures of towns that no longer exist (a removed town leaves no gauge behind).</summary>
    internal void Retain(IReadOnlySet<string> towns)
    {
        foreach (var gone in totals.Keys.Where(t => !towns.Contains(t)).ToList())
        {
            totals.TryRemove(gone, out _);
        }
    }

    /// <summary>One measurement per town (label <c>town</c>).</summary>
    private IEnumerable<Measurement<long>> Totals(Func<TownStatistics, long> pick) =>
        totals.Select(t => new Measurement<long>(pick(t.Value), new KeyValuePair<string, object?>("town", t.Key))).ToList();
}

/// <summary>Wolverine handlers: the Identity events, delivered from the outbox, move the counters.</summary>
public static class IdentityMetricsHandler
{
    public static void Handle(SignedIn message, IdentityMetrics metrics) => metrics.SignedIn(message.Method);

    public static void Handle(CitizenRegistered message, IdentityMetrics metrics) => metrics.Registered(message.Kind);

    public static void Handle(CitizenVerified message, IdentityMetrics metrics) => metrics.Verified();
}

/// <summary>
/// Every minute (<see cref="IdentityOptions.TotalsRefreshEvery"/>), the totals of every town in one query grouped by town (not one batch of counts per town: with a
/// thousand towns that would be a thousand scans of the accounts a minute).
/// </summary>
internal sealed class IdentityTotalsRefresher(IDocumentStore store, IdentityMetrics metrics, Portal.Shared.Towns.ITowns towns, Microsoft.Extensions.Options.IOptions<IdentityOptions> options, ILogger<IdentityTotalsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TotalsRefreshEvery);
        do
        {
            try
            {
                var totals = await TotalsPerTownAsync(stoppingToken);
                var live = towns.All.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var town in live)
                {
                    metrics.Update(town, totals.GetValueOrDefault(town) ?? new TownStatistics([], 0, 0, 0, 0));
                }

                metrics.Retain(live);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh the identity totals for /metrics");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Citizens by kind and the verified among them, per town (the same figures as <see cref="GetStatistics"/>).</summary>
    private async Task<Dictionary<string, TownStatistics>> TotalsPerTownAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            select tenant_id,
                   count(*),
                   count(*) filter (where (data ->> 'Kind')::int = @personal),
                   count(*) filter (where (data ->> 'Kind')::int = @nia),
                   count(*) filter (where data -> 'Nia' is not null and data -> 'Nia' <> 'null'::jsonb)
            from identity.mt_doc_useraccount
            where data -> 'Roles' ? @citizen
            group by tenant_id
            """;
        command.Parameters.AddWithValue("personal", (int)AccountKind.Personal);
        command.Parameters.AddWithValue("nia", (int)AccountKind.Nia);
        command.Parameters.AddWithValue("citizen", PortalRoles.Citizen);
        var totals = new Dictionary<string, TownStatistics>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            totals[reader.GetString(0)] = new TownStatistics([], reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return totals;
    }
}
