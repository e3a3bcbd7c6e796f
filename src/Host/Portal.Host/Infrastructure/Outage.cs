using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Portal.Host.Infrastructure;

/// <summary>
/// The database (or the network to it) is gone: a person gets a short Czech/English "temporarily unavailable" page, an
/// API client a ProblemDetails of the same, both 503 with Retry-After and nothing internal. Drawn without the layout,
/// the session check or anything else that needs the database.
/// </summary>
internal static class Outage
{
    /// <summary>How long a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>Whether the failure is the database being unreachable or refusing work for now (not a fault of ours).</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException postgres:
                    // 08 connection, 53 out of resources (too many connections, disk full), 57P shutdown / cannot connect now.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case Npgsql.NpgsqlException:
                    return true; // refused, reset, timed out, pool exhausted: no answer from the server
                case SocketException:
                    return true;
                case AggregateException all when all.InnerExceptions.Count > 0:
                    return all.InnerExceptions.All(Is);
            }
        }

        return false;
    }

    /// <summary>Writes the 503 answer: ProblemDetails under /api, the short page everywhere else.</summary>
    public static async Task WriteAsync(HttpContext context, string path, IStringLocalizer<HostText>? t)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.Equals("/api", StringComparison.OrdinalIgnoreCase))
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = t?["Služba je dočasně nedostupná. Zkuste to prosím za chvíli znovu."].Value ?? "Služba je dočasně nedostupná. Zkuste to prosím za chvíli znovu.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Instance = path,
            };
            problem.Extensions["traceId"] = context.TraceIdentifier;
            problem.Extensions["retryAfterSeconds"] = RetryAfterSeconds;
            await response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Page, context.RequestAborted);
    }

    /// <summary>The same short page in both languages (the language cookie may be all we know of the person).</summary>
    private const string Page = """
        <!DOCTYPE html>
        <html lang="cs">
        <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Služba je dočasně nedostupná – Portál občana</title>
        <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
        <main id="main" class="container">
        <h1>Služba je dočasně nedostupná</h1>
        <p>Portál teď nemůže pracovat s údaji. Nic z toho, co jste už odeslali nebo uložili, se neztratilo. Zkuste to prosím za chvíli znovu.</p>
        <p><a href="/">Zkusit znovu</a></p>
        <div lang="en">
        <h2>The service is temporarily unavailable</h2>
        <p>The portal cannot reach its data right now. Nothing you have already sent or saved is lost. Please try again in a moment.</p>
        <p><a href="/">Try again</a></p>
        </div>
        </main>
        </body>
        </html>
        """;
}

/// <summary>
/// The last resort, outside the exception handler: whatever escapes it (the error page itself failing) becomes the
/// short page or ProblemDetails, never the developer exception page or an empty 500.
/// </summary>
internal sealed class LastResort(RequestDelegate next, ILogger<LastResort> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (!PortalExceptionHandler.IsExpected(e))
            {
                logger.LogError(e, "Request {Path} failed and so did its error page", path);
            }

            if (Outage.Is(e))
            {
                await Outage.WriteAsync(context, path, null);
                return;
            }

            // An answer for what was refused (a form without its token, say) keeps its status; the rest is our fault.
            var status = PortalExceptionHandler.StatusFor(e);
            var (cs, en) = status switch
            {
                400 => ("Požadavek nelze zpracovat", "The request cannot be processed"),
                403 => ("K tomuto nemáte přístup", "You have no access to this"),
                404 => ("Stránka nenalezena", "Page not found"),
                409 => ("Záznam mezitím změnil někdo jiný", "Someone else changed the record meanwhile"),
                _ => ("Na naší straně nastala chyba", "Something went wrong on our side"),
            };
            context.Response.Clear();
            context.Response.StatusCode = status;
            if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            {
                await context.Response.WriteAsJsonAsync(
                    new ProblemDetails { Status = status, Title = cs + ". / " + en + "." },
                    (System.Text.Json.JsonSerializerOptions?)null,
                    "application/problem+json");
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"cs\"><head><meta charset=\"utf-8\" /><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" /><title>" + cs + " – Portál občana</title><link rel=\"stylesheet\" href=\"/css/site.css\" /></head>"
                + "<body><main id=\"main\" class=\"container\"><h1>" + cs + "</h1><p>Nic z toho, co jste už odeslali, se neztratilo. Vraťte se prosím a zkuste to znovu.</p><p><a href=\"/\">Zpět na úvod</a></p>"
                + "<div lang=\"en\"><h2>" + en + "</h2><p>Nothing you have already sent is lost. Please go back and try again.</p><p><a href=\"/\">Back home</a></p></div></main></body></html>");
        }
    }
}
