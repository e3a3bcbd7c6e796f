using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Payments;

/// <summary>
/// The Payments module's one entry point. Its slices arrive with their issue; until then it only claims its
/// database schema ("payments") so the layout of the store is fixed from the start.
/// </summary>
public static class PaymentsModule
{
    public const string Schema = "payments";

    public static IServiceCollection AddPaymentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.ConfigureMarten(_ => { });
        return services;
    }

    public static IEndpointRouteBuilder MapPaymentsModule(this IEndpointRouteBuilder endpoints) => endpoints;
}
