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

    /// <summary>
    /// The installation is reached over https only (cookies Secure, HSTS sent), for every town it serves. Unset: https
    /// when the single-town address (<see cref="PublicBaseUrl"/>) or the platform's address (<c>Platform:PublicBaseUrl</c>) is.
    /// </summary>
    public bool? Https { get; set; }

    /// <summary>Whether the installation is reached over https, read straight from configuration (see <see cref="Https"/>).</summary>
    public static bool IsHttpsIn(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        bool.TryParse(configuration[Section + ":Https"], out var https)
            ? https
            : new[] { configuration[Section + ":PublicBaseUrl"], configuration["Platform:PublicBaseUrl"] }
                .Any(url => url?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true);
}
