namespace Portal.Payments;

/// <summary>Payments module settings (section "Payments").</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public long MaxStatementBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How often pending card payments are looked for (each is asked about with growing pauses).</summary>
    public TimeSpan PendingRecheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A card payment younger than this is left to the citizen's return and the gateway's notification.</summary>
    public TimeSpan PendingGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A card payment still pending after this expires (the gateway's own payments expire sooner).</summary>
    public TimeSpan PendingExpiry { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Statement lines per transaction when a statement is imported.</summary>
    public int ImportBatchSize { get; set; } = 5000;
}

/// <summary>The Payments module's UI texts; Czech is the key, English in PaymentsText.en.resx.</summary>
public sealed class PaymentsText;
