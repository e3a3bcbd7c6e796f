using Microsoft.Extensions.Configuration;
using Portal.Shared.Towns;
using Portal.Towns.Domain;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// A town as configuration describes it (<c>Towns:Initial:N:…</c>): created on start when the installation does not
/// have it yet (the demo's two towns, a scripted provisioning). Without that section the installation is the
/// single-town release's: its one town is made from the settings that release read (Portal:TownName, Filing:TownCode,
/// Fees:Account, Identity:Nia, Payments:ComGate, Email:From, ...).
/// </summary>
public sealed class TownSeed
{
    public string? Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string Ico { get; set; } = string.Empty;
    public string Address { get; set; } = string.Empty;
    public List<string> HostNames { get; set; } = [];
    public string? PublicBaseUrl { get; set; }
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
    public string NiaClientSecret { get; set; } = string.Empty;
    public string GatewayMerchant { get; set; } = string.Empty;
    public string GatewaySecret { get; set; } = string.Empty;

    /// <summary>The town's first administrator (created on first start with this password, or invited by e-mail).</summary>
    public string? AdministratorEmail { get; set; }
    public string? AdministratorPassword { get; set; }
    public string? AdministratorName { get; set; }

    public static List<TownSeed> From(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Towns:Initial").Get<List<TownSeed>>() ?? [];
        return configured.Count > 0 ? configured : [SingleTown(configuration)];
    }

    /// <summary>The one town of a single-town configuration (the previous release's settings).</summary>
    public static TownSeed SingleTown(IConfiguration c)
    {
        var baseUrl = c["Portal:PublicBaseUrl"] ?? "http://localhost:5080";
        var name = c["Portal:TownName"] ?? "Město Demo";
        return new TownSeed
        {
            Id = c["Portal:TownId"],
            Name = name,
            PublicBaseUrl = baseUrl,
            HostNames = [new Uri(baseUrl).Host],
            ReferencePrefix = c["Filing:TownCode"] ?? "MDEMO",
            FeeAccount = c["Fees:Account"] ?? "19-2000145399/0800",
            StatementAccounts = c.GetSection("Payments:Accounts").Get<List<string>>() ?? [],
            AccessibilityContact = c["Portal:AccessibilityContact"] ?? "podatelna@mesto-demo.cz",
            AccessibilityStatementDate = c["Portal:AccessibilityStatementDate"] ?? "2026-12-01",
            EmailFrom = c["Email:From"] ?? "portal@demo.portal",
            EmailFromName = c["Email:FromName"] ?? "Portál občana",
            ReminderSendAt = c.GetValue("Fees:ReminderSendAt", new TimeOnly(7, 0)),
            NiaClientId = c["Identity:Nia:ClientId"] ?? string.Empty,
            NiaClientSecret = c["Identity:Nia:ClientSecret"] ?? string.Empty,
            GatewayMerchant = c["Payments:ComGate:MerchantId"] ?? string.Empty,
            GatewaySecret = c["Payments:ComGate:Secret"] ?? string.Empty,
            AdministratorEmail = c["Identity:InitialAdmin:Email"],
            AdministratorPassword = c["Identity:InitialAdmin:Password"],
            AdministratorName = c["Identity:InitialAdmin:Name"],
        };
    }

    public Town ToTown(Func<string, string> protect, DateTimeOffset now)
    {
        var baseUrl = PublicBaseUrl ?? ("http://" + HostNames.FirstOrDefault());
        var town = new Town
        {
            Id = string.IsNullOrWhiteSpace(Id) ? Town.IdFrom(Name) : Id.Trim(),
            Name = Name.Trim(),
            Ico = Ico.Trim(),
            Address = Address.Trim(),
            HostNames = HostNames.Select(Town.NormalizeHost).Where(h => h.Length > 0).Distinct().ToList(),
            PublicBaseUrl = baseUrl.TrimEnd('/'),
            ReferencePrefix = ReferencePrefix.Trim(),
            FeeAccount = FeeAccount.Trim(),
            StatementAccounts = StatementAccounts.Select(a => a.Trim()).Where(a => a.Length > 0).ToList(),
            HeaderColour = HeaderColour,
            Emblem = Emblem,
            ContactEmail = ContactEmail,
            ContactPhone = ContactPhone,
            AccessibilityContact = AccessibilityContact.Length > 0 ? AccessibilityContact : ContactEmail,
            AccessibilityStatementDate = AccessibilityStatementDate,
            EmailFrom = EmailFrom,
            EmailFromName = EmailFromName.Length > 0 ? EmailFromName : "Portál občana · " + Name,
            ReminderSendAt = ReminderSendAt,
            NiaClientId = NiaClientId.Length > 0 ? NiaClientId : baseUrl.TrimEnd('/') + "/",
            GatewayMerchant = GatewayMerchant,
            CreatedAt = now,
            State = TownState.Active,
        };
        if (NiaClientSecret.Length > 0)
        {
            town.ProtectedSecrets[TownSecrets.NiaClientSecret] = protect(NiaClientSecret);
        }

        if (GatewaySecret.Length > 0)
        {
            town.ProtectedSecrets[TownSecrets.GatewaySecret] = protect(GatewaySecret);
        }

        return town;
    }
}
