namespace Portal.Fees;

/// <summary>Fees module settings (section "Fees"): what a fresh installation starts with; clerks edit it later.</summary>
public sealed class FeesOptions
{
    public const string Section = "Fees";

    /// <summary>The town's fee account for new installations, <c>[prefix-]number/bank</c>.</summary>
    public string Account { get; set; } = "19-2000145399/0800";

    /// <summary>Recipient name in payment instructions and QR Platba (at most 35 characters).</summary>
    public string RecipientName { get; set; } = "Město Demo";

    /// <summary>Registrations handled per transaction when a year is assessed.</summary>
    public int AssessmentBatchSize { get; set; } = 25_000;

    /// <summary>Ledger lanes settling payments side by side (an obligation always in the same lane).</summary>
    public int LedgerLanes { get; set; } = 2;

    /// <summary>The town's time of day the day's reminders go out (Prague time).</summary>
    public TimeOnly ReminderSendAt { get; set; } = new(7, 0);

    /// <summary>Obligations read, reminded and committed together by the reminder job.</summary>
    public int ReminderBatchSize { get; set; } = 10_000;

    /// <summary>One reminder message works at most this long, then hands the rest to the next (its checkpoint).</summary>
    public TimeSpan ReminderSlice { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>The Fees module's UI texts; Czech is the key, English in FeesText.en.resx.</summary>
public sealed class FeesText;
