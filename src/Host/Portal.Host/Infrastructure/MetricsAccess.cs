using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Host.Infrastructure;

/// <summary>Operations settings (section "Operations").</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>
    /// The bearer token the monitoring sends to scrape <c>/metrics</c> (Prometheus <c>authorization.credentials</c>).
    /// Without one, <c>/metrics</c> answers only requests made on this machine.
    /// </summary>
    public string? MetricsToken { get; set; }
}

/// <summary>
/// <c>/metrics</c> tells how the town's portal is used (sign-ins, payments, money settled): it answers the monitoring
/// only. With <see cref="OperationsOptions.MetricsToken"/> set, a request must carry that bearer token; without it,
/// only a request from this machine that no proxy forwarded is answered.
/// </summary>
internal sealed class MetricsAccess(RequestDelegate next, IOptions<OperationsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/metrics"))
        {
            return next(context);
        }

        if (options.Value.MetricsToken is { Length: > 0 } token)
        {
            if (Bearer(context.Request) is { } sent && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(token)))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }

        if (IsLocal(context))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null;

    private static bool IsLocal(HttpContext context)
    {
        // A reverse proxy on this machine connects from loopback too: what it forwards is not local.
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        var ip = context.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true })
        {
            ip = ip.MapToIPv4();
        }

        return ip is not null && IPAddress.IsLoopback(ip);
    }
}
