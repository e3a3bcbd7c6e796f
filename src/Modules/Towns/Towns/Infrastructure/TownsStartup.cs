using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Towns.Domain;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// On start (instances take turns, StartGate): creates the configured towns this installation does not have yet. The
/// first town ever created takes over what the single-town release stored (rows of Marten's default tenant), so an
/// upgrade loses nothing.
/// </summary>
internal sealed class TownsStartup(IDocumentStore store, TownDirectory directory, IConfiguration configuration, TimeProvider clock, ILogger<TownsStartup> logger) : IHostedService
{
    public const string DefaultTenant = "*DEFAULT*";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellationToken); // the adoption and the new town commit together
        var existing = (await session.Query<Town>().Select(t => t.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var first = existing.Count == 0;
        var now = clock.GetUtcNow();
        foreach (var seed in TownSeed.From(configuration))
        {
            var town = seed.ToTown(directory.Protect, now);
            if (!Town.IsValidId(town.Id))
            {
                throw new InvalidOperationException($"The town id '{town.Id}' is not valid (2-40 characters a-z, 0-9, '-').");
            }

            if (!existing.Add(town.Id))
            {
                continue;
            }

            if (first)
            {
                town.HoldsSingleTownData = await AdoptSingleTownDataAsync(session, store.Options.Events.DatabaseSchemaName, town.Id, cancellationToken) > 0;
                first = false;
            }

            session.Store(town);
            logger.LogInformation("Town {Town} ({Name}) opened on {Hosts}", town.Id, town.Name, string.Join(", ", town.HostNames));
        }

        // The platform's console, where the provider's operators sign in (only when the installation names its host).
        var platformHosts = configuration.GetSection("Platform:HostNames").Get<string[]>() ?? [];
        if (platformHosts.Length > 0)
        {
            var platform = await session.LoadAsync<Town>(Portal.Shared.Towns.TownContext.PlatformId, cancellationToken) ?? new Town
            {
                Id = Portal.Shared.Towns.TownContext.PlatformId,
                IsPlatform = true,
                CreatedAt = now,
                ReferencePrefix = "-",
            };
            platform.Name = configuration["Platform:Name"] ?? "Provoz portálu";
            platform.HostNames = platformHosts.Select(Town.NormalizeHost).Distinct().ToList();
            platform.PublicBaseUrl = configuration["Platform:PublicBaseUrl"] ?? "http://" + platform.HostNames[0];
            session.Store(platform);
        }

        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every row of the default tenant (the single-town release's data) becomes the town's.</summary>
    private static Task<long> AdoptSingleTownDataAsync(IDocumentSession session, string eventSchema, string townId, CancellationToken ct) =>
        TownTables.MoveAsync((NpgsqlConnection)session.Connection!, eventSchema, DefaultTenant, townId, ct);
}
