namespace Portal.Payments.Statements;

public enum ImportStatus
{
    Queued,
    Running,
    Completed,
}

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
    public string Sha256 { get; set; } = string.Empty;
    public ImportStatus Status { get; set; }
    public string? Account { get; set; }
    public string? StatementNumber { get; set; }
    public DateOnly? StatementDate { get; set; }
    public int Checkpoint { get; set; }
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

/// <summary>The uploaded file itself, kept for audit and for resuming an interrupted import.</summary>
public sealed class StatementFile
{
    public Guid Id { get; set; }
    public byte[] Content { get; set; } = [];
}
