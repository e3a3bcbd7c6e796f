using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Fees;

/// <summary>
/// The Fees module's one entry point. Its slices arrive with their issue; until then it only claims its
/// database schema ("fees") so the layout of the store is fixed from the start.
/// </summary>
public static class FeesModule
{
    public const string Schema = "fees";

    public static IServiceCollection AddFeesModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.ConfigureMarten(_ => { });
        return services;
    }

    public static IEndpointRouteBuilder MapFeesModule(this IEndpointRouteBuilder endpoints) => endpoints;
}
