namespace Portal.Shared.Towns;

/// <summary>Whether a town's portal serves its people.</summary>
public enum TownState
{
    Active,

    /// <summary>Its pages answer "temporarily unavailable"; its data stays, its jobs wait.</summary>
    Suspended,
}

/// <summary>
/// One town's settings as every module reads them (the Towns module keeps them in the database, edited by the town's
/// administrator or the platform operator). Secrets are not here: <see cref="ITowns.Secret"/> gives them to the code that
/// needs them, never to a page.
/// </summary>
public sealed record TownProfile
{
    /// <summary>The tenant id (a short slug, e.g. <c>mesto-demo</c>): on every document, event, message and row of the town.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Ico { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    /// <summary>The host names the town's portal answers on (the first is where links in e-mails point).</summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>The town's public address (scheme, host, port): links in e-mails, the accessibility statement.</summary>
    public required string PublicBaseUrl { get; init; }

    public TownState State { get; init; } = TownState.Active;

    /// <summary>The originator designation in reference numbers ("MDEMO 123/2026"): the town's podací deník.</summary>
    public required string ReferencePrefix { get; init; }

    /// <summary>The town's main fee account (<c>[prefix-]number/bank</c>): fee kinds of a new town are paid to it.</summary>
    public string FeeAccount { get; init; } = string.Empty;

    /// <summary>Further accounts of the town whose statements are accepted (besides those its fee kinds are paid to).</summary>
    public IReadOnlyList<string> StatementAccounts { get; init; } = [];

    /// <summary>The header's colour (CSS hex) and the town's emblem (an image URL or data URI); empty for the default look.</summary>
    public string HeaderColour { get; init; } = string.Empty;

    public string Emblem { get; init; } = string.Empty;

    public string ContactEmail { get; init; } = string.Empty;

    public string ContactPhone { get; init; } = string.Empty;

    /// <summary>Where people report an accessibility barrier; the day the statement was made (act 99/2019).</summary>
    public string AccessibilityContact { get; init; } = string.Empty;

    public string AccessibilityStatementDate { get; init; } = string.Empty;

    /// <summary>The sender of the town's e-mails.</summary>
    public string EmailFrom { get; init; } = string.Empty;

    public string EmailFromName { get; init; } = string.Empty;

    /// <summary>The town's time of day the day's reminders go out.</summary>
    public TimeOnly ReminderSendAt { get; init; } = new(7, 0);

    /// <summary>The town's registered service at NIA (its own client id; the secret through <see cref="ITowns.Secret"/>).</summary>
    public string NiaClientId { get; init; } = string.Empty;

    /// <summary>The town's card gateway merchant (the secret through <see cref="ITowns.Secret"/>).</summary>
    public string GatewayMerchant { get; init; } = string.Empty;

    /// <summary>
    /// The platform's own console (the provider's operators sign in here), not a town: it has no fees, forms or
    /// citizens, and no job walks it.
    /// </summary>
    public bool IsPlatform { get; init; }

    public bool IsActive => State == TownState.Active;

    /// <summary>An absolute link into the town's portal.</summary>
    public string Link(string pathAndQuery) => PublicBaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    /// <summary>Whether the town's portal is reached over https.</summary>
    public bool IsHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The recipient's name in payment instructions and QR Platba (at most 35 characters).</summary>
    public string RecipientName => Name.Length <= 35 ? Name : Name[..35];
}

/// <summary>The secrets a town keeps (stored encrypted with the data protection key ring).</summary>
public static class TownSecrets
{
    public const string NiaClientSecret = "nia-client-secret";
    public const string GatewaySecret = "gateway-secret";
    public const string SmtpPassword = "smtp-password";
}

/// <summary>The towns of this installation, as every module reads them.</summary>
public interface ITowns
{
    /// <summary>The town the current work belongs to (<see cref="TownContext"/>); fails outside any town.</summary>
    TownProfile Current { get; }

    /// <summary>Every town, suspended ones too (never the platform's console).</summary>
    IReadOnlyList<TownProfile> All { get; }

    /// <summary>The platform's console, when the installation has one (<c>Platform:HostNames</c>).</summary>
    TownProfile? Platform { get; }

    TownProfile? Find(string townId);

    /// <summary>The town a host name belongs to (case-insensitive, without port), or null.</summary>
    TownProfile? ForHost(string host);

    /// <summary>A town's secret in plain text for the code that uses it (never shown), or null when it has none.</summary>
    string? Secret(string townId, string name);
}
