namespace Portal.Payments.Statements;

public enum ImportStatus
{
    Queued,
    Running,
    Completed,

    /// <summary>Refused whole before anything was booked (cut, does not add up, another account); see the errors.</summary>
    Refused,
}

/// <summary>A pending (PDNG) or informative (INFO) statement entry: shown to the clerk, never booked.</summary>
public sealed record UnbookedEntry(int Line, string Status, decimal Amount, string Direction, string? VariableSymbol, string? Text);

/// <summary>
/// One uploaded statement and what its import did. Its id is derived from the file's SHA-256, so uploading the same
/// file again finds this import instead of starting another; the checkpoint (last line done) commits with each batch.
/// </summary>
public sealed class StatementImport
{
    public Guid Id { get; set; }
    public string FileName { get; set; } = string.Empty;
    public string Format { get; set; } = string.Empty;
    public string Encoding { get; set; } = string.Empty;
    public long Size { get; set; }

    /// <summary>How many <see cref="StatementChunk"/>s hold the file.</summary>
    public int Chunks { get; set; }
    public string Sha256 { get; set; } = string.Empty;
    public ImportStatus Status { get; set; }
    public string? Account { get; set; }
    public string? StatementNumber { get; set; }
    public DateOnly? StatementDate { get; set; }
    public int Checkpoint { get; set; }

    /// <summary>The whole file was read and checked (account, totals, every line) before the first line was booked.</summary>
    public bool Checked { get; set; }

    /// <summary>The accounts the statement was checked against (the town's, when it was imported).</summary>
    public List<string> AcceptedAccounts { get; set; } = [];

    /// <summary>Entries not booked by the bank yet (PDNG) or for information (INFO): counted and listed, never booked.</summary>
    public int Unbooked { get; set; }

    public List<UnbookedEntry> UnbookedEntries { get; set; } = [];
    public int Transactions { get; set; }
    public int Credits { get; set; }
    public int Matched { get; set; }
    public decimal MatchedAmount { get; set; }
    public int Queued { get; set; }
    public decimal QueuedAmount { get; set; }
    public int Debits { get; set; }
    public int Duplicates { get; set; }
    public int ErrorCount { get; set; }

    /// <summary>The first errors (line and message); <see cref="ErrorCount"/> counts them all.</summary>
    public List<StatementError> Errors { get; set; } = [];

    public string ImportedBy { get; set; } = string.Empty;
    public DateTimeOffset UploadedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>
/// One piece of an uploaded statement file, kept for audit and for resuming an interrupted import. The file is stored
/// and read piece by piece, so neither the upload nor the import holds a whole statement in memory.
/// </summary>
public sealed class StatementChunk
{
    public const int Size = 48 * 1024;

    public string Id { get; set; } = string.Empty;
    public byte[] Data { get; set; } = [];

    public static string IdFor(Guid importId, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{importId:N}/{index:D6}");
}

/// <summary>A stored statement file read front to back, a few chunks at a time (the parsers read it line by line).</summary>
public sealed class StatementChunkStream(Func<string[], IReadOnlyDictionary<string, byte[]>> load, Guid importId, int chunks) : Stream
{
    public const int ChunksPerLoad = 16;

    private IReadOnlyDictionary<string, byte[]> loaded = new Dictionary<string, byte[]>();
    private byte[] current = [];
    private int position;
    private int next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (position == current.Length)
        {
            if (next == chunks)
            {
                return 0;
            }

            var id = StatementChunk.IdFor(importId, next);
            if (!loaded.ContainsKey(id))
            {
                loaded = load(Enumerable.Range(next, Math.Min(ChunksPerLoad, chunks - next)).Select(i => StatementChunk.IdFor(importId, i)).ToArray());
            }

            current = loaded.GetValueOrDefault(id) ?? throw new InvalidDataException($"Part {next} of the stored statement {importId} is missing.");
            next++;
            position = 0;
        }

        var count = Math.Min(buffer.Length, current.Length - position);
        current.AsSpan(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
