namespace Portal.Fees;

/// <summary>Fees module settings (section "Fees"): how the jobs work; what a town starts with is its own setting (Towns).</summary>
public sealed class FeesOptions
{
    public const string Section = "Fees";

    /// <summary>Registrations handled per transaction when a year is assessed.</summary>
    public int AssessmentBatchSize { get; set; } = 25_000;

    /// <summary>Ledger lanes settling payments side by side (an obligation always in the same lane).</summary>
    public int LedgerLanes { get; set; } = 2;

    /// <summary>Obligations read, reminded and committed together by the reminder job.</summary>
    public int ReminderBatchSize { get; set; } = 10_000;

    /// <summary>One reminder message works at most this long, then hands the rest to the next (its checkpoint).</summary>
    public TimeSpan ReminderSlice { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>The Fees module's UI texts; Czech is the key, English in FeesText.en.resx.</summary>
public sealed class FeesText;
