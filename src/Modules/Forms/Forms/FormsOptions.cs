namespace Portal.Forms;

/// <summary>Forms module settings (section "Forms").</summary>
public sealed class FormsOptions
{
    public const string Section = "Forms";

    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxAttachmentsPerDraft { get; set; } = 20;

    /// <summary>Longest value a field without its own limit stores (characters), on every save.</summary>
    public int MaxValueLength { get; set; } = 4000;

    /// <summary>Values one step may carry (a form's fields, repeated groups included).</summary>
    public int MaxValuesPerStep { get; set; } = 500;

    /// <summary>Drafts a citizen may have open at once.</summary>
    public int MaxOpenDraftsPerCitizen { get; set; } = 30;

    /// <summary>Bytes of attachments a citizen may keep in open drafts.</summary>
    public long MaxDraftBytesPerCitizen { get; set; } = 100L * 1024 * 1024;

    /// <summary>A draft untouched this long is removed.</summary>
    public int DraftIdleDays { get; set; } = 90;

    /// <summary>How many days before removal the owner is warned by e-mail.</summary>
    public int DraftWarningDays { get; set; } = 7;
}

/// <summary>The Forms module's UI texts; Czech is the key, English in FormsText.en.resx.</summary>
public sealed class FormsText;
