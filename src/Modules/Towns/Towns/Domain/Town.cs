using Portal.Shared.Towns;

namespace Portal.Towns.Domain;

/// <summary>
/// A town of this installation: the registry entry (platform-wide, not itself belonging to a town) with the town's
/// settings. Its id is the tenant id of everything the town owns.
/// </summary>
public sealed class Town
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Ico { get; set; } = string.Empty;
    public string Address { get; set; } = string.Empty;
    public List<string> HostNames { get; set; } = [];
    public string PublicBaseUrl { get; set; } = string.Empty;
    public TownState State { get; set; } = TownState.Active;
    public string ReferencePrefix { get; set; } = string.Empty;
    public string FeeAccount { get; set; } = string.Empty;
    public List<string> StatementAccounts { get; set; } = [];
    public string HeaderColour { get; set; } = string.Empty;
    public string Emblem { get; set; } = string.Empty;
    public string ContactEmail { get; set; } = string.Empty;
    public string ContactPhone { get; set; } = string.Empty;
    public string AccessibilityContact { get; set; } = string.Empty;
    public string AccessibilityStatementDate { get; set; } = string.Empty;
    public string EmailFrom { get; set; } = string.Empty;
    public string EmailFromName { get; set; } = string.Empty;
    public TimeOnly ReminderSendAt { get; set; } = new(7, 0);
    public string NiaClientId { get; set; } = string.Empty;
    public string GatewayMerchant { get; set; } = string.Empty;

    /// <summary>Secrets by name, each encrypted with the data protection key ring (never shown back).</summary>
    public Dictionary<string, string> ProtectedSecrets { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The town the single-town release's data became on upgrade: a message that release left without a tenant id is
    /// handled here.
    /// </summary>
    public bool HoldsSingleTownData { get; set; }

    /// <summary>The platform's console: its host names serve the operators, not citizens.</summary>
    public bool IsPlatform { get; set; }

    public TownProfile ToProfile() => new()
    {
        Id = Id,
        Name = Name,
        Ico = Ico,
        Address = Address,
        HostNames = HostNames.ToList(),
        PublicBaseUrl = PublicBaseUrl,
        State = State,
        ReferencePrefix = ReferencePrefix,
        FeeAccount = FeeAccount,
        StatementAccounts = StatementAccounts.ToList(),
        HeaderColour = HeaderColour,
        Emblem = Emblem,
        ContactEmail = ContactEmail,
        ContactPhone = ContactPhone,
        AccessibilityContact = AccessibilityContact,
        AccessibilityStatementDate = AccessibilityStatementDate,
        EmailFrom = EmailFrom,
        EmailFromName = EmailFromName,
        ReminderSendAt = ReminderSendAt,
        NiaClientId = NiaClientId,
        GatewayMerchant = GatewayMerchant,
        IsPlatform = IsPlatform,
    };

    /// <summary>A host name as the registry keeps it: lower case, no port, no trailing dot.</summary>
    public static string NormalizeHost(string host)
    {
        var h = host.Trim().ToLowerInvariant();
        var colon = h.LastIndexOf(':');
        if (colon > 0 && !h.EndsWith(']') && h.IndexOf(':') == colon)
        {
            h = h[..colon];
        }

        return h.TrimEnd('.'); // "obec.cz." and "obec.cz.:443" are "obec.cz" (a fully qualified name's final dot)
    }

    /// <summary>A town id: 2-40 characters of a-z, 0-9 and inner hyphens.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: >= 2 and <= 40 } && id != Portal.Shared.Towns.TownContext.PlatformId && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && id[0] != '-' && id[^1] != '-';

    /// <summary>A town id made from a name ("Město Demo" → "mesto-demo").</summary>
    public static string IdFrom(string name)
    {
        var plain = new string(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
        var id = string.Join('-', plain.Split('-', StringSplitOptions.RemoveEmptyEntries));
        return id.Length > 40 ? id[..40].TrimEnd('-') : id;
    }
}
