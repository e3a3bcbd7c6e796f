using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Forms;

/// <summary>
/// The Forms module's one entry point. Its slices arrive with their issue; until then it only claims its
/// database schema ("forms") so the layout of the store is fixed from the start.
/// </summary>
public static class FormsModule
{
    public const string Schema = "forms";

    public static IServiceCollection AddFormsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.ConfigureMarten(_ => { });
        return services;
    }

    public static IEndpointRouteBuilder MapFormsModule(this IEndpointRouteBuilder endpoints) => endpoints;
}
