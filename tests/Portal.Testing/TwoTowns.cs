namespace Portal.Testing;

/// <summary>
/// One portal serving two towns, as a provider hosts them: Město Demo on <c>localhost</c> (the fixture itself, so every
/// helper works in it) and Obec Vzor on <c>obec-vzor.localhost</c> (<see cref="B"/>), each with its own administrator (the same e-mail and password, so every helper works in both),
/// reference prefix, fee account, NIA registration and card merchant.
/// </summary>
public class TwoTownsApp : PortalApp
{
    public const string TownB = "obec-vzor";
    public const string NiaClientSecretB = "obec-vzor-nia-secret-not-for-production";

    private PortalApp? b;

    /// <summary>Obec Vzor: the same running portal reached on the second town's host name.</summary>
    public PortalApp B => b ??= new TownView(this, AddressB, TownB);

    public Uri AddressB => new($"http://{TownB}.localhost:{BaseAddress.Port}/");

    public const string OperatorEmail = "provoz@platforma.test";

    /// <summary>The platform's console, where the provider's operator signs in.</summary>
    public PortalApp Platform => platform ??= new TownView(this, new Uri($"http://platforma.localhost:{BaseAddress.Port}/"), Portal.Shared.Towns.TownContext.PlatformId);

    private PortalApp? platform;

    protected override IEnumerable<(string ClientId, string Secret, Uri Portal)> ExtraNiaClients => [(AddressB.ToString(), NiaClientSecretB, AddressB)];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Platform:HostNames:0"] = "platforma.localhost",
        ["Platform:PublicBaseUrl"] = $"http://platforma.localhost:{BaseAddress.Port}",
        ["Platform:Operator:Email"] = OperatorEmail,
        ["Platform:Operator:Password"] = AdminPassword,
        ["Identity:TotalsRefreshEvery"] = "00:00:01", // (the metrics test waits for the totals of both towns)
        ["Towns:Initial:0:Id"] = TownId,
        ["Towns:Initial:0:Name"] = "Město Demo",
        ["Towns:Initial:0:HostNames:0"] = "localhost",
        ["Towns:Initial:0:PublicBaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
        ["Towns:Initial:0:ReferencePrefix"] = "MDEMO",
        ["Towns:Initial:0:FeeAccount"] = "19-2000145399/0800",
        ["Towns:Initial:0:NiaClientId"] = BaseAddress.ToString(),
        ["Towns:Initial:0:NiaClientSecret"] = NiaClientSecret,
        ["Towns:Initial:0:GatewayMerchant"] = GatewayMerchant,
        ["Towns:Initial:0:GatewaySecret"] = GatewaySecret,
        ["Towns:Initial:0:AdministratorEmail"] = AdminEmail,
        ["Towns:Initial:0:AdministratorPassword"] = AdminPassword,
        ["Towns:Initial:1:Id"] = TownB,
        ["Towns:Initial:1:Name"] = "Obec Vzor",
        ["Towns:Initial:1:HostNames:0"] = $"{TownB}.localhost",
        ["Towns:Initial:1:PublicBaseUrl"] = AddressB.ToString().TrimEnd('/'),
        ["Towns:Initial:1:ReferencePrefix"] = "OVZOR",
        ["Towns:Initial:1:FeeAccount"] = "2000145508/0100",
        ["Towns:Initial:1:NiaClientId"] = AddressB.ToString(),
        ["Towns:Initial:1:NiaClientSecret"] = NiaClientSecretB,
        ["Towns:Initial:1:AdministratorEmail"] = AdminEmail, // the same address, a different account: each town its own
        ["Towns:Initial:1:AdministratorPassword"] = AdminPassword,
    };

    private sealed class TownView(PortalApp host, Uri address, string town) : PortalApp(host, address, town);
}

/// <summary>Another town of a running portal, on its own address (a town created while the tests run).</summary>
public sealed class TownAppView(PortalApp host, Uri address, string town) : PortalApp(host, address, town);
