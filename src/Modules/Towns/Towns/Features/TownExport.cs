using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using Portal.Shared.Towns;
using Portal.Towns.Domain;
using Portal.Towns.Infrastructure;

namespace Portal.Towns.Features;

/// <summary>
/// The whole of a town's data as a ZIP archive, for a town leaving the provider (docs/operations/town-archive.md):
/// <c>manifest.json</c> (the town, the time, the tables with their row counts), <c>town.json</c> (the settings,
/// secrets left out) and one <c>&lt;schema&gt;.&lt;table&gt;.jsonl</c> per table that holds the town's rows, one JSON
/// object per row with every column (documents carry their JSON in <c>data</c>, events their stream, version and
/// type). Read in one repeatable-read transaction, so the archive is one moment of the town.
/// </summary>
public static class TownExport
{
    public const string Format = "portal-obcana-town-archive/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(IDocumentStore store, string townId, Stream output, TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var town = await session.LoadAsync<Town>(townId, ct) ?? throw new Portal.Shared.Validation.NotFoundException("No such town.");
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var tables = new List<object>();
        foreach (var table in await TownTables.ListAsync(connection, ct))
        {
            var name = table.Replace("\"", string.Empty, StringComparison.Ordinal);
            var entry = zip.CreateEntry(name + ".jsonl", CompressionLevel.Fastest);
            long rows = 0;
            await using (var stream = entry.Open())
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            await using (var command = new NpgsqlCommand($"select row_to_json(t)::text from {table} as t where tenant_id = @town", connection))
            {
                command.Parameters.AddWithValue("town", townId);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    await writer.WriteLineAsync(reader.GetString(0));
                    rows++;
                }
            }

            tables.Add(new { table = name, file = name + ".jsonl", rows });
        }

        await WriteJsonAsync(zip, "town.json", GetTownSettingsSlice.View(town), ct);
        await WriteJsonAsync(zip, "manifest.json", new { format = Format, town = townId, name = town.Name, exportedAt = clock.GetUtcNow(), tables }, ct);
    }

    private static async Task WriteJsonAsync(ZipArchive zip, string name, object value, CancellationToken ct)
    {
        await using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        await JsonSerializer.SerializeAsync(stream, value, Indented, ct);
    }
}
