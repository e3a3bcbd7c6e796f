namespace Portal.Shared;

/// <summary>Settings of the portal as a whole (section "Portal").</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address citizens reach the portal at; links in e-mails are built from it, never from the Host header.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The town's name as the portal shows it.</summary>
    public string TownName { get; set; } = "Město Demo";

    /// <summary>The town's time zone (IANA id): every date a person reads or a rule uses is in it.</summary>
    public string TimeZone { get; set; } = "Europe/Prague";

    /// <summary>Where people report an accessibility barrier (the accessibility statement names it): an e-mail address.</summary>
    public string AccessibilityContact { get; set; } = "podatelna@mesto-demo.cz";

    /// <summary>The day the accessibility statement was made and last reviewed (ISO dates), as act 99/2019 asks.</summary>
    public string AccessibilityStatementDate { get; set; } = "2026-12-01";

    public string Link(string pathAndQuery) => PublicBaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    /// <summary>The portal is reached over https (cookies Secure, HSTS sent).</summary>
    public bool IsHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="IsHttps"/> read straight from configuration, for what is wired before options exist.</summary>
    public static bool IsHttpsIn(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        (configuration[Section + ":PublicBaseUrl"] ?? string.Empty).StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
