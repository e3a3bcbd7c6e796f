namespace Portal.Forms;

/// <summary>Forms module settings (section "Forms").</summary>
public sealed class FormsOptions
{
    public const string Section = "Forms";

    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxAttachmentsPerDraft { get; set; } = 20;

    /// <summary>A draft untouched this long is removed.</summary>
    public int DraftIdleDays { get; set; } = 90;

    /// <summary>How many days before removal the owner is warned by e-mail.</summary>
    public int DraftWarningDays { get; set; } = 7;
}

/// <summary>The Forms module's UI texts; Czech is the key, English in FormsText.en.resx.</summary>
public sealed class FormsText;
