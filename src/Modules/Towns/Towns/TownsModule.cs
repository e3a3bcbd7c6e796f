using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Shared.Towns;
using Portal.Towns.Domain;
using Portal.Towns.Features;
using Portal.Towns.Infrastructure;
using Wolverine;

namespace Portal.Towns;

/// <summary>
/// The Towns module's one entry point: the registry of the towns this installation serves (each a tenant), which town
/// a request or a message is for, and the towns' settings.
/// </summary>
public static class TownsModule
{
    public const string Schema = "towns";

    public static IServiceCollection AddTownsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TownDirectory>();
        services.AddSingleton<ITowns>(sp => sp.GetRequiredService<TownDirectory>());

        // Before every module's start work: the towns exist (and an upgraded database's data is the first town's) and the
        // registry is loaded when a module walks the towns.
        services.AddHostedService<TownsStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<TownDirectory>());

        services.ConfigureMarten(m =>
        {
            // The registry belongs to the installation, not to a town.
            m.Schema.For<Town>().DatabaseSchemaName(Schema).SingleTenanted();
        });

        // A message is handled in the town it was published in (its tenant id), retries and scheduled ones too.
        services.ConfigureWolverine(o =>
        {
            o.Policies.AddMiddleware(typeof(TownMessageMiddleware));
            o.Policies.AddMiddleware(typeof(RemovedTownGuard));
        });
        return services;
    }

    public const string OperatorPolicy = "platform-operator";
    public const string AdministratorPolicy = "administrator";

    /// <summary>The operator's API (towns: list, create, addresses, suspension, jobs, removal) and the town's own settings and export.</summary>
    public static IEndpointRouteBuilder MapTownsModule(this IEndpointRouteBuilder endpoints)
    {
        // The town's header colour (its setting) as a style sheet: the pages allow no inline styles.
        endpoints.MapGet("/town.css", (ITowns towns, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=300";
            var colour = towns.Current.HeaderColour;
            return Results.Text(colour.Length > 0 ? $".site-header {{ background: {colour}; }}\n" : string.Empty, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        endpoints.MapGet("/Admin/Town/Export", ExportAsync).RequireAuthorization(AdministratorPolicy).ExcludeFromDescription();

        var platform = endpoints.MapGroup("/api/platform/towns").WithTags("Platform").RequireAuthorization(OperatorPolicy);
        platform.MapGet("/", async (IMediator mediator, CancellationToken ct) => await mediator.Send(new ListTowns(), ct));
        platform.MapPost("/", async (CreateTown body, IMediator mediator, CancellationToken ct) =>
        {
            var id = await mediator.Send(body, ct);
            return Results.Created($"/api/platform/towns/{id}", new { id });
        });
        platform.MapPut("/{id}/hosts", async (string id, HostsBody body, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new SetTownHosts(id, body.HostNames), ct);
            return Results.NoContent();
        });
        platform.MapPut("/{id}/state", async (string id, StateBody body, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new SetTownState(id, body.State), ct);
            return Results.NoContent();
        });
        platform.MapPost("/{id}/jobs/{job}", async (string id, string job, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new RunTownJob(id, job), ct);
            return Results.Accepted();
        });
        platform.MapDelete("/{id}", async (string id, string? confirmation, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new RemoveTown(id, confirmation), ct);
            return Results.NoContent();
        });

        var town = endpoints.MapGroup("/api/town").WithTags("Town").RequireAuthorization(AdministratorPolicy);
        town.MapGet("/settings", async (IMediator mediator, CancellationToken ct) => await mediator.Send(new GetTownSettings(), ct));
        town.MapPut("/settings", async (SaveTownSettings body, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(body, ct);
            return Results.NoContent();
        });
        town.MapGet("/export", ExportAsync);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext http, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var town = TownContext.RequiredId;
        http.Response.ContentType = "application/zip";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"export-{town}-{clock.GetUtcNow():yyyyMMdd}.zip\"";

        // A ZIP is written with seeks back to headers; it is built in a temporary file, then sent.
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await TownExport.WriteAsync(store, town, file, clock, ct);
            }

            await using var read = File.OpenRead(path);
            await read.CopyToAsync(http.Response.Body, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed record HostsBody(string? HostNames);

    public sealed record StateBody(TownState State);

    /// <summary>Resolves the request's town from its host name; before everything that reads a town's data.</summary>
    public static IApplicationBuilder UseTowns(this IApplicationBuilder app) => app.UseMiddleware<TownResolution>();

    /// <summary>
    /// Opens a town as the operator's console does (same checks, same setup message), for scripted provisioning (the
    /// host's <c>town add</c>); answers its id, or throws <see cref="Portal.Shared.Validation.ValidationFailedException"/>
    /// with the fields' errors (field names: Id, Name, HostNames, ReferencePrefix, FeeAccount, AdministratorEmail).
    /// </summary>
    public static async Task<string> AddTownAsync(IServiceProvider services, string? id, string? name, string? hostNames, string? referencePrefix,
        string? feeAccount, string? administratorEmail, string? administratorName, CancellationToken cancellationToken)
    {
        using var platform = TownContext.Enter(TownContext.PlatformId);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateTown(id, name, hostNames, referencePrefix, feeAccount, administratorEmail, administratorName), cancellationToken);
    }
}

/// <summary>The Towns module's UI texts; Czech is the key, English in TownsText.en.resx.</summary>
public sealed class TownsText;
