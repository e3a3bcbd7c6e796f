using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Shared.Towns;
using Portal.Towns.Domain;
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
        services.ConfigureWolverine(o => o.Policies.AddMiddleware(typeof(TownMessageMiddleware)));
        return services;
    }

    /// <summary>Resolves the request's town from its host name; before everything that reads a town's data.</summary>
    public static IApplicationBuilder UseTowns(this IApplicationBuilder app) => app.UseMiddleware<TownResolution>();
}
