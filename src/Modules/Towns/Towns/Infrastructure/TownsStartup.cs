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

        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every row of the default tenant (the single-town release's data) becomes the town's.</summary>
    private static async Task<long> AdoptSingleTownDataAsync(IDocumentSession session, string eventSchema, string townId, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)session.Connection!;

        // Events point at their stream by (town, stream): both move together, the key checked again after.
        var foreignKey = $"alter table {eventSchema}.mt_events add constraint fkey_mt_events_stream_id_tenant_id foreign key (tenant_id, stream_id) references {eventSchema}.mt_streams (tenant_id, id)";
        await using (var drop = new NpgsqlCommand($"alter table {eventSchema}.mt_events drop constraint if exists fkey_mt_events_stream_id_tenant_id", connection))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        var tables = new List<string>();
        await using (var find = new NpgsqlCommand(
            """
            select quote_ident(c.table_schema) || '.' || quote_ident(c.table_name)
            from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' and c.table_schema not in ('wolverine', 'pg_catalog', 'information_schema')
            order by 1
            """, connection))
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        long moved = 0;
        foreach (var table in tables)
        {
            await using var update = new NpgsqlCommand($"update {table} set tenant_id = @town where tenant_id = @default", connection);
            update.Parameters.AddWithValue("town", townId);
            update.Parameters.AddWithValue("default", DefaultTenant);
            moved += await update.ExecuteNonQueryAsync(ct);
        }

        await using (var restore = new NpgsqlCommand(foreignKey, connection))
        {
            await restore.ExecuteNonQueryAsync(ct);
        }

        return moved;
    }
}
