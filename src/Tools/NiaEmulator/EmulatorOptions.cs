namespace Portal.NiaEmulator;

/// <summary>The emulator's settings (section "Emulator").</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>The issuer as NIA writes it into tokens (urn:microsoft:cgg2010:fpsts), or an URL.</summary>
    public string Issuer { get; set; } = "urn:microsoft:cgg2010:fpsts";

    /// <summary>Where the emulator is reached; endpoint addresses in the discovery document are built from it.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5090";

    public List<EmulatorClient> Clients { get; set; } = [];

    public List<EmulatorPerson> Persons { get; set; } = [];
}

/// <summary>A registered service provider (SeP): the client id is its registered URL.</summary>
public sealed class EmulatorClient
{
    public string ClientId { get; set; } = string.Empty;
    public string ClientSecret { get; set; } = string.Empty;
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
}

/// <summary>A test person with the eIDAS attributes NIA can release.</summary>
public sealed class EmulatorPerson
{
    public string PersonIdentifier { get; set; } = string.Empty;
    public string CurrentGivenName { get; set; } = string.Empty;
    public string CurrentFamilyName { get; set; } = string.Empty;
    public string? DateOfBirth { get; set; }
    public string? PlaceOfBirth { get; set; }
    public string? CurrentAddress { get; set; }
    public string? EMail { get; set; }
}
