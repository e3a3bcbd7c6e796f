using System.Collections.Frozen;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Shared.Towns;
using Portal.Towns.Domain;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// The registry of towns held in memory (every request asks it which town its host is): loaded at start, reloaded when
/// this instance changes a town and every few seconds for changes made by another instance.
/// </summary>
public sealed class TownDirectory(IDocumentStore store, IDataProtectionProvider protection, ILogger<TownDirectory> logger) : ITowns, IHostedService, IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private readonly IDataProtector secrets = protection.CreateProtector("Portal.Towns.Secrets");
    private Snapshot snapshot = Snapshot.Empty;
    private Timer? timer;

    public TownProfile Current => Find(TownContext.RequiredId)
        ?? throw new InvalidOperationException($"The town '{TownContext.CurrentId}' is not on this installation.");

    public IReadOnlyList<TownProfile> All => snapshot.All;

    public TownProfile? Platform => snapshot.ById.GetValueOrDefault(TownContext.PlatformId)?.Profile;

    public TownProfile? Find(string townId) => snapshot.ById.GetValueOrDefault(townId)?.Profile;

    public TownProfile? ForHost(string host) => snapshot.ByHost.GetValueOrDefault(Town.NormalizeHost(host));

    /// <summary>The town whose data came from the single-town release (messages of that release carry no town).</summary>
    public string? SingleTownDataHolder => snapshot.SingleTownDataHolder;

    public string? Secret(string townId, string name) =>
        snapshot.ById.GetValueOrDefault(townId)?.Town.ProtectedSecrets.GetValueOrDefault(name) is { Length: > 0 } protectedValue
            ? secrets.Unprotect(protectedValue)
            : null;

    public string Protect(string secret) => secrets.Protect(secret);

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var towns = await session.Query<Town>().ToListAsync(ct);
        snapshot = Snapshot.Of(towns);
        TownMessageMiddleware.SingleTownDataHolder = snapshot.SingleTownDataHolder;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        timer = new Timer(_ => _ = RefreshAsync(), null, RefreshEvery, RefreshEvery);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Change(Timeout.Infinite, Timeout.Infinite);
        return Task.CompletedTask;
    }

    public void Dispose() => timer?.Dispose();

    private async Task RefreshAsync()
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The last known registry keeps serving; the next tick tries again.
            logger.LogWarning(e, "The town registry could not be reloaded");
        }
    }

    private sealed record Entry(Town Town, TownProfile Profile);

    private sealed record Snapshot(IReadOnlyList<TownProfile> All, FrozenDictionary<string, Entry> ById, FrozenDictionary<string, TownProfile> ByHost, string? SingleTownDataHolder)
    {
        public static readonly Snapshot Empty = new([], FrozenDictionary<string, Entry>.Empty, FrozenDictionary<string, TownProfile>.Empty, null);

        public static Snapshot Of(IReadOnlyList<Town> towns)
        {
            var entries = towns.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).Select(t => new Entry(t, t.ToProfile())).ToList();
            var byHost = new Dictionary<string, TownProfile>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in entries)
            {
                foreach (var host in entry.Town.HostNames)
                {
                    byHost.TryAdd(Town.NormalizeHost(host), entry.Profile);
                }
            }

            return new Snapshot(
                entries.Where(e => !e.Town.IsPlatform).Select(e => e.Profile).ToList(),
                entries.ToFrozenDictionary(e => e.Town.Id, StringComparer.Ordinal),
                byHost.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
                entries.FirstOrDefault(e => e.Town.HoldsSingleTownData)?.Town.Id);
        }
    }
}
