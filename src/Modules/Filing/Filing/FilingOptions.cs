namespace Portal.Filing;

/// <summary>Filing module settings (section "Filing").</summary>
public sealed class FilingOptions
{
    public const string Section = "Filing";

    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Files a citizen may add to one answer to a request for completion.</summary>
    public int MaxAnswerFiles { get; set; } = 10;
}

/// <summary>The Filing module's UI texts; Czech is the key, English in FilingText.en.resx.</summary>
public sealed class FilingText;
