using Npgsql;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// Every table that holds towns' rows: each module's documents, the event store and the modules' own logs, found by
/// their <c>tenant_id</c> column (a table a module adds must have one: the tenancy tests look for rows left behind).
/// Used where a town's data is handled whole: adopted on upgrade, exported, removed.
/// </summary>
internal static class TownTables
{
    public const string DefaultTenant = "*DEFAULT*";

    public static async Task<List<string>> ListAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tables = new List<string>();
        await using var find = new NpgsqlCommand(
            """
            select quote_ident(c.table_schema) || '.' || quote_ident(c.table_name)
            from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE' and c.table_schema not in ('wolverine', 'pg_catalog', 'information_schema')
            order by 1
            """, connection);
        await using var reader = await find.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Moves every row of one tenant to another (the events' key to their streams checked again after).</summary>
    public static async Task<long> MoveAsync(NpgsqlConnection connection, string eventSchema, string from, string to, CancellationToken ct)
    {
        await ExecuteAsync(connection, $"alter table {eventSchema}.mt_events drop constraint if exists fkey_mt_events_stream_id_tenant_id", ct);
        long moved = 0;
        foreach (var table in await ListAsync(connection, ct))
        {
            moved += await ExecuteAsync(connection, $"update {table} set tenant_id = @to where tenant_id = @from", ct, ("to", to), ("from", from));
        }

        await ExecuteAsync(connection, $"alter table {eventSchema}.mt_events add constraint fkey_mt_events_stream_id_tenant_id foreign key (tenant_id, stream_id) references {eventSchema}.mt_streams (tenant_id, id)", ct);
        return moved;
    }

    /// <summary>Deletes every row of a town, events before their streams.</summary>
    public static async Task<long> DeleteAsync(NpgsqlConnection connection, string eventSchema, string town, CancellationToken ct)
    {
        long deleted = await ExecuteAsync(connection, $"delete from {eventSchema}.mt_events where tenant_id = @town", ct, ("town", town));
        foreach (var table in await ListAsync(connection, ct))
        {
            deleted += await ExecuteAsync(connection, $"delete from {table} where tenant_id = @town", ct, ("town", town));
        }

        return deleted;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }
}
