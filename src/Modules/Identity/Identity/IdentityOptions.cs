namespace Portal.Identity;

/// <summary>Identity module settings (section "Identity").</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>The first administrator, created on first start when no administrator exists.</summary>
    public InitialAdministratorOptions InitialAdmin { get; set; } = new();

    /// <summary>Demo citizens and clerks for a local run (never in production).</summary>
    public DemoDataOptions DemoData { get; set; } = new();

    public NiaOptions Nia { get; set; } = new();

    /// <summary>Password attempts per client address and minute on the sign-in endpoints.</summary>
    public int SignInPermitsPerMinute { get; set; } = 20;

    /// <summary>
    /// Wrong passwords free of any wait: per account (the e-mail typed, from any client), per account from one client
    /// address, per client address on any account.
    /// </summary>
    public int FreeAttemptsPerAccount { get; set; } = 5;
    public int FreeAttemptsPerAccountAndClient { get; set; } = 3;
    public int FreeAttemptsPerClient { get; set; } = 20;

    /// <summary>The longest wait a run of wrong passwords earns (it doubles from 1 s).</summary>
    public int MaxSignInDelaySeconds { get; set; } = 900;

    public int VerificationLinkHours { get; set; } = 48;
    public int ResetLinkMinutes { get; set; } = 60;

    /// <summary>E-mails the portal sends to one address in an hour (registration, reset links); more are dropped.</summary>
    public int EmailsPerAddressPerHour { get; set; } = 5;

    public Domain.SessionOptions Sessions { get; set; } = new();

    /// <summary>How often the citizens' totals of every town are counted again for /metrics.</summary>
    public TimeSpan TotalsRefreshEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The level a session must have been signed in at through NIA to see personal data tied to a person. Never below
    /// substantial (a town's portal asks for substantial at least for anything that shows personal data).
    /// </summary>
    public Contracts.LevelOfAssurance RequiredLevel =>
        (Contracts.LevelOfAssurance)Math.Max((int)Contracts.LevelOfAssurance.Substantial, (int)LevelFromSetting(Nia.LevelOfAssurance));

    /// <summary>The setting's level: its name (<c>low</c>, <c>substantial</c>, <c>high</c>) or one of the acr values.</summary>
    private static Contracts.LevelOfAssurance LevelFromSetting(string? setting) =>
        setting?.Trim().ToLowerInvariant() switch
        {
            "high" => Contracts.LevelOfAssurance.High,
            "substantial" => Contracts.LevelOfAssurance.Substantial,
            "low" => Contracts.LevelOfAssurance.Low,
            _ => Infrastructure.AccountPrincipal.ParseLevel(setting),
        };

    public Domain.SignInDelayPolicy DelayPolicy => new(
        FreeAttemptsPerAccount, FreeAttemptsPerAccountAndClient, FreeAttemptsPerClient, TimeSpan.FromSeconds(MaxSignInDelaySeconds), TimeSpan.FromHours(24));
}

public sealed class InitialAdministratorOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string Name { get; set; } = "Správce portálu";
}

public sealed class DemoDataOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the generated demo passwords are written (and printed) on first seed.</summary>
    public string CredentialsFile { get; set; } = "demo-credentials.txt";
}

/// <summary>
/// The national identity (NIA) as an OpenID Connect provider. Defaults follow the public NIA integration
/// (discovery at /fpsts/oidc/openid-configuration, eIDAS claim names, loa* scopes); every value is a setting.
/// </summary>
public sealed class NiaOptions
{
    public bool Enabled { get; set; }

    /// <summary>e.g. https://tnia.identita.gov.cz/fpsts/oidc (test) or the emulator's address.</summary>
    public string? Authority { get; set; }

    /// <summary>Defaults to {Authority}/openid-configuration as NIA publishes it.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The service provider's registered URL at NIA.</summary>
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Requested level: low, substantial (default) or high.</summary>
    public string LevelOfAssurance { get; set; } = "substantial";

    public List<string> ExtraScopes { get; set; } = [];

    /// <summary>query (default, works over http for local runs) or form_post.</summary>
    public string ResponseMode { get; set; } = "query";

    public bool RequireHttpsMetadata { get; set; } = true;
    public string CallbackPath { get; set; } = "/signin-nia";
    public string SignedOutCallbackPath { get; set; } = "/signout-callback-nia";
}
