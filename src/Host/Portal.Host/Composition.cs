using System.Globalization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Resources;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Fees;
using Portal.Filing;
using Portal.Forms;
using Portal.Host.Infrastructure;
using Portal.Identity;
using Portal.Messages;
using Portal.Payments;
using Portal.Shared;
using Portal.Shared.Email;
using Portal.Towns;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace Portal.Host;

/// <summary>Everything the host wires: store, bus, mediator, modules, web, operations.</summary>
public static class Composition
{
    public static readonly CultureInfo[] Cultures = [new("cs"), new("en")];

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var connectionString = configuration.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("ConnectionStrings:Portal is not set. build/run.sh sets it; see README.md.");

        // First: instances starting together over one database take turns for their start work (StartGate).
        var gate = ServiceDescriptor.Singleton<IHostedService>(sp => new StartGate(connectionString, sp.GetRequiredService<ILogger<StartGate>>()));
        services.Add(gate);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TownClock>();
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<OperationsOptions>(configuration.GetSection(OperationsOptions.Section));
        services.AddSingleton<IEmailSender, MailKitEmailSender>();

        // One Marten store; every module registers its documents in its own schema through ConfigureMarten.
        services.AddMarten(o =>
            {
                o.Connection(connectionString);
                o.DatabaseSchemaName = "portal";
                o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                o.DisableNpgsqlLogging = true;

                // Events are appended by one server-side function call per stream instead of a version read and
                // inserts: several times faster for the yearly assessment (a million new streams); optimistic
                // concurrency on FetchForWriting still holds.
                o.Events.AppendMode = JasperFx.Events.EventAppendMode.Quick;

                // A town is a tenant: every document and event carries the town's id (conjoined tenancy, one database),
                // every session is opened for one town and sees only its rows. What belongs to the installation (the
                // town registry, the data protection key ring) opts out where it is registered.
                o.Policies.AllDocumentsAreMultiTenanted();
                o.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
            })
            .BuildSessionsWith<TownSessionFactory>()
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = "wolverine")
            .ApplyAllDatabaseChangesOnStartup();
        services.AddTownsModule(configuration);

        // The data protection key ring lives in the database (one ring for every instance, kept across restarts); the
        // application name is fixed so the ring does not depend on the folder the portal runs from.
        services.ConfigureMarten(m => m.Schema.For<DataProtectionKey>().SingleTenanted());
        services.AddDataProtection().SetApplicationName("Portal.Obcana");
        services.AddOptions<KeyManagementOptions>().Configure<IDocumentStore>((o, store) => o.XmlRepository = new MartenXmlRepository(store));

        builder.Host.UseWolverine(o =>
        {
            o.ServiceName = "portal";
            o.Discovery.IncludeAssembly(typeof(SendEmail).Assembly);
            o.Discovery.IncludeAssembly(typeof(IdentityModule).Assembly);
            o.Discovery.IncludeAssembly(typeof(FeesModule).Assembly);
            o.Discovery.IncludeAssembly(typeof(PaymentsModule).Assembly);
            o.Discovery.IncludeAssembly(typeof(FormsModule).Assembly);
            o.Discovery.IncludeAssembly(typeof(FilingModule).Assembly);
            o.Discovery.IncludeAssembly(typeof(MessagesModule).Assembly);

            // Messages go through the Marten outbox into durable local queues: saved with the change that caused them.
            o.Policies.UseDurableLocalQueues();
            o.Policies.AutoApplyTransactions();

            // The same message handled twice side by side (a redelivery): the second collides with what the first
            // created; retried, it finds that work done and does nothing instead of ending in the dead letters.
            // Marten reports several failures of one commit together (an AggregateException).
            o.OnException(IsCollision).RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250));

            // A version-checked append that lost to another writer (payer pairing or unpairing while the ledger settles
            // a payment): the retry reads the stream afresh.
            o.OnException<ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

            // An e-mail the SMTP server refused: tried again for hours with growing pauses (the message waits in the
            // durable store meanwhile), then left in the dead letters for the administrator.
            var emailDelays = configuration.GetSection("Email:RetryDelays").Get<TimeSpan[]>() is { Length: > 0 } configured ? configured : EmailOptions.DefaultRetryDelays;
            o.OnException<EmailDeliveryException>().ScheduleRetry(emailDelays);

            // Anything else (a database error other than a lost connection, a timeout, a bug): a few quick retries, then
            // a few later ones, then the dead letters, where the operator's page shows it to replay or discard.
            var delays = configuration.GetSection("Wolverine:RetryDelays").Get<TimeSpan[]>() is { Length: > 0 } later ? later : [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];
            o.OnAnyException().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)).Then.ScheduleRetry(delays);
            // One instance (build/run.sh) owns every queue and job; several instances over one database
            // (Wolverine:Solo=false) elect a leader that hands the durable work out and gives a dead node's work to
            // the living ones (docs/operations/install.md, "Several instances"). Wolverine:Durability tunes how fast
            // a dead node is noticed (HealthCheckPollingTime, StaleNodeTimeout, StaleNodeEjectionThreshold, ...).
            o.Durability.Mode = configuration.GetValue("Wolverine:Solo", true) ? DurabilityMode.Solo : DurabilityMode.Balanced;
            configuration.GetSection("Wolverine:Durability").Bind(o.Durability);
            o.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
            o.UseRuntimeCompilation();
        });
        services.AddResourceSetupOnStartup();

        // The schema work of start (resource setup, Marten's migration) is placed first by its library; the turn-taking
        // gate and the event store's tenancy upgrade go before it, in this order.
        services.Remove(gate);
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(new EventTenancyUpgrade(connectionString, "portal")));
        services.Insert(0, gate);

        // What a request or a job publishes carries the town it works in (Wolverine's tenant id), so the handler, a
        // retry and a scheduled message work in that town too. (Inside a handler the bus is the handler's own context,
        // which has the incoming message's tenant id already.)
        services.AddScoped<Wolverine.Runtime.MessageContext>(sp => new Wolverine.Runtime.MessageContext(sp.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>()) { TenantId = Portal.Shared.Towns.TownContext.CurrentId });
        services.AddScoped<IMartenOutbox>(sp => new MartenOutbox(sp.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>(), sp.GetRequiredService<IDocumentSession>()) { TenantId = Portal.Shared.Towns.TownContext.CurrentId });

        services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);

        services
            .AddIdentityModule(configuration)
            .AddFeesModule(configuration)
            .AddPaymentsModule(configuration)
            .AddFormsModule(configuration)
            .AddFilingModule(configuration)
            .AddMessagesModule(configuration);

        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("cs");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new ApiAcceptLanguageProvider(),
            ];
        });

        services.AddRazorPages().AddViewLocalization();
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = PortalOptions.IsHttpsIn(configuration) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<PortalExceptionHandler>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        // Behind a reverse proxy: X-Forwarded-For/-Proto are believed only from the proxies the town names, so the
        // per-address sign-in limits see the real client and nobody else can claim to be one.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            o.ForwardLimit = configuration.GetValue("ReverseProxy:ForwardLimit", 1);
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
            o.ExcludedHosts.Clear(); // the public address decides, not the host's name
        });

        services.AddHealthChecks().AddNpgSql(connectionString, name: "postgresql", tags: ["ready"])
            .AddCheck<Infrastructure.DeadLetterHealthCheck>("dead-letters", tags: ["ready"]);
        services.AddScoped<Infrastructure.Operations>();
        services.AddSingleton<Infrastructure.OperationsMetrics>();
        services.AddHostedService<Infrastructure.OperationsMetricsRefresher>();
        var telemetry = services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter("Portal.*")
            .AddPrometheusExporter());

        // Traces over OTLP when an endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OpenTelemetry:Endpoint): the
        // requests, and Wolverine's and Marten's own activity sources.
        var otlp = configuration["OpenTelemetry:Endpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddSource("Wolverine", "Marten")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        // Production logs are JSON lines on stdout (journald, a log shipper), one object per event.
        if (builder.Environment.IsProduction())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        return builder;
    }

    private static bool IsCollision(Exception e) => e switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException or DocumentAlreadyExistsException => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } => true,
        Marten.Exceptions.MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } } => true,
        AggregateException all => all.InnerExceptions.All(i => i is ConcurrencyException || IsCollision(i)),
        _ => false,
    };

    public static WebApplication UsePortal(this WebApplication app)
    {
        // Localisation first, so error pages and ProblemDetails speak the request's language too.
        app.UseMiddleware<LastResort>();
        app.UseRequestLocalization();
        app.UseTowns(); // which town: before anything reads a town's data, error pages included
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            StatusCodeSelector = PortalExceptionHandler.StatusFor,
            SuppressDiagnosticsCallback = c => PortalExceptionHandler.IsExpected(c.Exception),
        });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), web => web.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));

        var forwarded = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (PortalOptions.IsHttpsIn(app.Configuration))
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<ControlCharacterGuard>();
        app.UseMiddleware<MetricsAccess>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<ApiCsrfGuard>(); // after authentication: a token is bound to the signed-in person
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/api/operations", async (Infrastructure.Operations operations, CancellationToken ct) => await operations.ReportAsync(ct))
            .RequireAuthorization(Identity.IdentityModule.AdministratorPolicy).WithTags("Operations");
        app.MapPost("/api/operations/dead-letters/{id:guid}/replay", async (Guid id, Infrastructure.Operations operations, CancellationToken ct) =>
            await operations.ReplayAsync(id, ct) ? Results.Accepted() : Results.NotFound())
            .RequireAuthorization(Identity.IdentityModule.AdministratorPolicy).WithTags("Operations");
        // The API description is public in development; in production only where the town says so, else for administrators.
        var openApi = app.MapOpenApi("/api/openapi/{documentName}.json");
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue("Operations:PublicOpenApi", false))
        {
            openApi.RequireAuthorization(IdentityModule.AdministratorPolicy);
        }

        // Where a person lands after signing in: a clerk on the inbox, an administrator on the figures, a form manager
        // (without agendas) in the form designer, a citizen home.
        app.MapGet("/start", (HttpContext http) => Portal.Identity.Contracts.CurrentUser.From(http.User) switch
        {
            { IsOperator: true } => Results.LocalRedirect("/Platform"),
            { } me when me.Roles.Contains(Portal.Identity.Contracts.PortalRoles.Clerk) => Results.LocalRedirect("/Filing/Inbox"),
            { IsAdministrator: true } => Results.LocalRedirect("/Admin/Statistics"),
            { } me when me.Roles.Contains(Portal.Identity.Contracts.PortalRoles.FormManager) => Results.LocalRedirect("/Forms/Designer"),
            _ => Results.LocalRedirect("/"),
        }).RequireAuthorization().ExcludeFromDescription();

        app.MapPost("/culture", (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
            }

            return Results.LocalRedirect(Portal.Shared.Web.SafeRedirect.Or(returnUrl, "/"));
        });

        app.MapRazorPages();
        app.MapIdentityModule();
        app.MapFeesModule();
        app.MapPaymentsModule();
        app.MapFormsModule();
        app.MapFilingModule();
        app.MapMessagesModule();
        app.MapTownsModule();
        return app;
    }
}
