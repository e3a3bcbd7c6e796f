namespace Portal.Shared;

/// <summary>Settings of the portal as a whole (section "Portal").</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address citizens reach the portal at; links in e-mails are built from it, never from the Host header.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The town's name as the portal shows it.</summary>
    public string TownName { get; set; } = "Město Demo";

    public string Link(string pathAndQuery) => PublicBaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');
}
