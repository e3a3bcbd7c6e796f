namespace Portal.Shared;

/// <summary>
/// Settings of the installation as a whole (section "Portal"). What belongs to a town (its name, address, contacts,
/// accessibility statement) is the town's own setting (<see cref="Towns.TownProfile"/>).
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// The installation's own address: whether it is reached over https (Secure cookies, HSTS), and the address of a
    /// single-town configuration's town. Links in e-mails are built from the town's address, never from the Host header.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The towns' time zone (IANA id): every date a person reads or a rule uses is in it.</summary>
    public string TimeZone { get; set; } = "Europe/Prague";

    /// <summary>The portal is reached over https (cookies Secure, HSTS sent).</summary>
    public bool IsHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="IsHttps"/> read straight from configuration, for what is wired before options exist.</summary>
    public static bool IsHttpsIn(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        (configuration[Section + ":PublicBaseUrl"] ?? string.Empty).StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
