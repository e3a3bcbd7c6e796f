using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Host;
using Portal.NiaEmulator;
using Xunit;

namespace Portal.Testing;

/// <summary>
/// The real portal on Kestrel with its own database, and the NIA emulator beside it, both on free loopback ports:
/// the same composition as Program.cs (AddPortal/UsePortal), real HTTP between them. One per test class.
/// </summary>
public class PortalApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@test.portal";
    public const string AdminPassword = "Spravce-portalu-2026!";
    public const string NiaClientSecret = "test-client-secret-not-for-production";
    public const string GatewayMerchant = "test-merchant";
    public const string GatewaySecret = "test-gateway-secret-not-for-production";

    /// <summary>The town a test class's portal serves (its single-town configuration's: "Město Demo" on localhost).</summary>
    public const string TownId = "mesto-demo";

    private WebApplication? portal;
    private WebApplication? emulator;
    private WebApplication? gateway;
    private readonly PortalApp? host;

    public PortalApp()
    {
    }

    /// <summary>Another town of the same running portal, reached on its own address (a view, not a fixture).</summary>
    protected PortalApp(PortalApp host, Uri address, string town)
    {
        this.host = host;
        BaseAddress = address;
        Town = town;
        NiaAddress = host.NiaAddress;
        GatewayAddress = host.GatewayAddress;
        ConnectionString = host.ConnectionString;
        MailDirectory = host.MailDirectory;
        HostSettings = host.HostSettings;
    }

    /// <summary>The town this view of the portal is (the fixture itself: <see cref="TownId"/>).</summary>
    public string Town { get; } = TownId;

    public Uri BaseAddress { get; private set; } = default!;
    public Uri NiaAddress { get; private set; } = default!;
    public Uri GatewayAddress { get; private set; } = default!;
    public string ConnectionString { get; private set; } = string.Empty;
    public string MailDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "portal-mail-" + Guid.NewGuid().ToString("N"));
    public IServiceProvider Services => (host ?? this).portal!.Services;
    public Mailbox Mail => new(MailDirectory);

    /// <summary>The host's environment (Development unless a class tests Production behaviour).</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>Every setting the portal host was given (a second host over the same database takes the same).</summary>
    public IReadOnlyDictionary<string, string?> HostSettings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Further NIA clients the emulator knows (other towns' registrations): client id, secret, portal address.</summary>
    protected virtual IEnumerable<(string ClientId, string Secret, Uri Portal)> ExtraNiaClients => [];

    /// <summary>The class's own database: a new empty one (a class testing upgrades restores an old one instead).</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestPostgres.CreateDatabaseAsync(GetType().Name);

    /// <summary>Runs once the database, the emulators and the settings are ready, just before the portal starts.</summary>
    protected virtual Task BeforePortalStartsAsync() => Task.CompletedTask;

    /// <summary>Extra settings a test class needs (e.g. a low sign-in rate limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        var portalPort = TestPostgres.FreePort();
        var niaPort = TestPostgres.FreePort();
        BaseAddress = new Uri($"http://localhost:{portalPort}");
        NiaAddress = new Uri($"http://localhost:{niaPort}");
        var clientId = BaseAddress + "";

        emulator = StartEmulator(niaPort, clientId);
        await emulator.StartAsync();
        GatewayAddress = new Uri($"http://localhost:{TestPostgres.FreePort()}");
        gateway = StartGateway();
        await gateway.StartAsync();

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = ConnectionString,
            ["Portal:PublicBaseUrl"] = BaseAddress.ToString().TrimEnd('/'),
            ["Email:PickupDirectory"] = MailDirectory,
            ["Identity:InitialAdmin:Email"] = AdminEmail,
            ["Identity:InitialAdmin:Password"] = AdminPassword,
            ["Identity:SignInPermitsPerMinute"] = "10000",
            ["Identity:FreeAttemptsPerClient"] = "10000",
            ["Identity:EmailsPerAddressPerHour"] = "1000",
            ["Identity:Nia:Enabled"] = "true",
            ["Identity:Nia:Authority"] = NiaAddress + "fpsts/oidc",
            ["Identity:Nia:RequireHttpsMetadata"] = "false",
            ["Identity:Nia:ClientId"] = clientId,
            ["Identity:Nia:ClientSecret"] = NiaClientSecret,
            ["Payments:ComGate:BaseUrl"] = GatewayAddress.ToString(),
            ["Payments:ComGate:MerchantId"] = GatewayMerchant,
            ["Payments:ComGate:Secret"] = GatewaySecret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        HostSettings = settings;
        await BeforePortalStartsAsync();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = EnvironmentName,
            ApplicationName = typeof(Composition).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(Repository.Root, "src", "Host", "Portal.Host"),
            Args = settings.Select(s => $"--{s.Key}={s.Value}").ToArray(),
        });
        builder.WebHost.UseUrls(BaseAddress.ToString());
        builder.AddPortal();
        portal = builder.Build();
        portal.UsePortal();
        await portal.StartAsync();
    }

    private WebApplication StartEmulator(int port, string clientId)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Portal.NiaEmulator.Emulator).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(Repository.Root, "src", "Tools", "NiaEmulator"),
            Args =
            [
                $"--Emulator:PublicUrl={NiaAddress}",
                $"--Emulator:Clients:0:ClientId={clientId}",
                $"--Emulator:Clients:0:ClientSecret={NiaClientSecret}",
                $"--Emulator:Clients:0:RedirectUris:0={BaseAddress}signin-nia",
                $"--Emulator:Clients:0:PostLogoutRedirectUris:0={BaseAddress}signout-callback-nia",
                "--Logging:LogLevel:Default=Warning",
                .. ExtraNiaClients.SelectMany((c, i) => new[]
                {
                    $"--Emulator:Clients:{i + 1}:ClientId={c.ClientId}",
                    $"--Emulator:Clients:{i + 1}:ClientSecret={c.Secret}",
                    $"--Emulator:Clients:{i + 1}:RedirectUris:0={c.Portal}signin-nia",
                    $"--Emulator:Clients:{i + 1}:PostLogoutRedirectUris:0={c.Portal}signout-callback-nia",
                }),
            ],
        });
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Services.AddNiaEmulator(builder.Configuration);
        var app = builder.Build();
        app.UseNiaEmulator();
        return app;
    }

    private WebApplication StartGateway()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Portal.GatewayEmulator.Emulator).Assembly.GetName().Name,
            ContentRootPath = Path.Combine(Repository.Root, "src", "Tools", "GatewayEmulator"),
            Args =
            [
                $"--Gateway:PublicUrl={GatewayAddress}",
                $"--Gateway:Merchants:0:Id={GatewayMerchant}",
                $"--Gateway:Merchants:0:Secret={GatewaySecret}",
                $"--Gateway:Merchants:0:NotifyUrl={BaseAddress}api/payments/comgate",
                $"--Gateway:Merchants:0:ReturnUrl={BaseAddress}Payments/Return?id=${{id}}&refId=${{refId}}",
                "--Logging:LogLevel:Default=Warning",
            ],
        });
        builder.WebHost.UseUrls(GatewayAddress.ToString());
        Portal.GatewayEmulator.Emulator.AddGatewayEmulator(builder.Services, builder.Configuration);
        var app = builder.Build();
        Portal.GatewayEmulator.Emulator.UseGatewayEmulator(app);
        return app;
    }

    /// <summary>A browser-like client: its own cookies, following redirects across portal and emulator.</summary>
    public PortalClient Client() => new(BaseAddress);

    public virtual async Task DisposeAsync()
    {
        if (portal is not null)
        {
            await portal.StopAsync();
            await portal.DisposeAsync();
        }

        if (emulator is not null)
        {
            await emulator.StopAsync();
            await emulator.DisposeAsync();
        }

        if (gateway is not null)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }

    }

    /// <summary>Publishes a message on the portal's bus, as a module would (the bus is scoped).</summary>
    public async Task PublishAsync(object message)
    {
        using var town = Portal.Shared.Towns.TownContext.Enter(Town);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().PublishAsync(message);
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();
}
