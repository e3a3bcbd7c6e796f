using System.Data.Common;

namespace Portal.Shared.Towns;

/// <summary>
/// Which of Wolverine's stored envelopes (queued, scheduled, dead letters) belong to a town. Wolverine keeps the tenant
/// id among the serialized envelope's headers (a length-prefixed "tenant-id" then the length-prefixed id), not in a
/// column, so the filter looks for exactly that sequence of bytes in the body. Two parameters: the town id, twice.
/// </summary>
public static class TownEnvelopes
{
    public const string Filter =
        "position(('\\x09'::bytea || convert_to('tenant-id', 'UTF8') || set_byte('\\x00'::bytea, 0, octet_length(convert_to(?, 'UTF8'))) || convert_to(?, 'UTF8')) in body) > 0";

    /// <summary>
    /// Counts a Wolverine envelope table's rows (those <paramref name="where"/> keeps, a condition without parameters) per
    /// town in one pass over the table, on an open connection: the id is read from behind the "tenant-id" header (one
    /// length byte, as a town id is far shorter than 128 bytes). One query for all towns where <see cref="Filter"/> needs
    /// one per town: the operator's list and the metrics of a hundred towns scan the envelopes once, not a hundred times.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountPerTownAsync(DbConnection connection, string table, string where, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            select t.town, count(*)
            from (select convert_from(substring(e.body from m.p + 11 for get_byte(e.body, m.p + 9)), 'UTF8') as town
                  from {table} e
                  cross join lateral (select position('\x09'::bytea || convert_to('tenant-id', 'UTF8') in e.body) as p) m
                  where m.p > 0 and octet_length(e.body) > m.p + 9 and ({where})) t
            group by t.town
            """;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The town's dead letters nobody has archived yet, per town.</summary>
    public static Task<IReadOnlyDictionary<string, long>> DeadLettersPerTownAsync(DbConnection connection, CancellationToken ct) =>
        CountPerTownAsync(connection, "wolverine.wolverine_dead_letters", "e.archived_at is null", ct);

    /// <summary>Messages waiting in the durable queues (incoming or scheduled, not yet handled), per town.</summary>
    public static Task<IReadOnlyDictionary<string, long>> QueuedPerTownAsync(DbConnection connection, CancellationToken ct) =>
        CountPerTownAsync(connection, "wolverine.wolverine_incoming_envelopes", "e.status <> 'Handled'", ct);
}
