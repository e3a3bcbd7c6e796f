using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Filing;

/// <summary>
/// The Filing module's one entry point. Its slices arrive with their issue; until then it only claims its
/// database schema ("filing") so the layout of the store is fixed from the start.
/// </summary>
public static class FilingModule
{
    public const string Schema = "filing";

    public static IServiceCollection AddFilingModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.ConfigureMarten(_ => { });
        return services;
    }

    public static IEndpointRouteBuilder MapFilingModule(this IEndpointRouteBuilder endpoints) => endpoints;
}
