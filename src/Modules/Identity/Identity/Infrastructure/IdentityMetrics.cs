using System.Diagnostics.Metrics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Identity.Contracts;
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

    internal void Forget(string town) => totals.TryRemove(town, out _);

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

internal sealed class IdentityTotalsRefresher(IServiceScopeFactory scopes, IdentityMetrics metrics, Portal.Shared.Towns.ITowns towns, ILogger<IdentityTotalsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            foreach (var town in towns.All)
            {
                try
                {
                    using var inTown = Portal.Shared.Towns.TownContext.Enter(town.Id);
                    await using var scope = scopes.CreateAsyncScope();
                    var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                    metrics.Update(town.Id, await mediator.Send(new GetStatistics(1), stoppingToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not refresh the identity totals of town {Town} for /metrics", town.Id);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
