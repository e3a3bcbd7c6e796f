using System.Net;
using Microsoft.AspNetCore.Http;
using Portal.Shared.Towns;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// Which town a request is for: its host name, and nothing a person can choose. An unknown host gets a bare 404 with
/// nothing of any town; a suspended town's pages say it is temporarily unavailable. Health and metrics belong to the
/// installation, not to a town.
/// </summary>
internal sealed class TownResolution(RequestDelegate next, ITowns towns)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        var town = towns.ForHost(http.Request.Host.Host);
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            // The installation's, on any name; on a town's own name its sign-in cookie is still read as that town's.
            using (town is { IsActive: true } ? TownContext.Enter(town.Id) : null)
            {
                await next(http);
            }

            return;
        }

        if (town is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("404 Nenalezeno / Not Found\n");
            return;
        }

        if (!town.IsActive)
        {
            await SuspendedAsync(http, town);
            return;
        }

        // The platform's console serves its operators only: sign-in, the towns' pages, static files.
        if (town.IsPlatform && !IsPlatformPath(path))
        {
            if (HttpMethods.IsGet(http.Request.Method) && !path.StartsWithSegments("/api"))
            {
                http.Response.Redirect("/Platform");
            }
            else
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            return;
        }

        using (TownContext.Enter(town.Id))
        {
            await next(http);
        }
    }

    private static bool IsPlatformPath(PathString path) =>
        path.StartsWithSegments("/Platform") || path.StartsWithSegments("/api/platform") || path.StartsWithSegments("/Account") || path.StartsWithSegments("/api/identity")
        || path.StartsWithSegments("/start") || path.StartsWithSegments("/culture") || path.StartsWithSegments("/Error") || path.StartsWithSegments("/css")
        || path.StartsWithSegments("/js") || path.StartsWithSegments("/favicon.svg") || path.StartsWithSegments("/Accessibility");

    private static async Task SuspendedAsync(HttpContext http, TownProfile town)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "3600";
        http.Response.Headers.CacheControl = "no-store";
        var name = WebUtility.HtmlEncode(town.Name);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.ContentType = "application/problem+json; charset=utf-8";
            await http.Response.WriteAsJsonAsync(new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                title = "Portál je dočasně nedostupný. / The portal is temporarily unavailable.",
                status = 503,
                instance = http.Request.Path.Value,
            });
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Dočasně nedostupné · {name}</title></head>
            <body><main>
            <h1>Portál občana · {name} je dočasně nedostupný</h1>
            <p>Portál obce je dočasně mimo provoz. Zkuste to prosím později; v naléhavé věci se obraťte přímo na úřad.</p>
            <p lang="en">The town's portal is temporarily unavailable. Please try again later; for urgent matters contact the town office directly.</p>
            </main></body></html>
            """);
    }
}
