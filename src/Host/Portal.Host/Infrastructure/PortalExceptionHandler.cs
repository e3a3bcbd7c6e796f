using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Shared.Validation;

namespace Portal.Host.Infrastructure;

/// <summary>
/// Turns exceptions into RFC 9457 ProblemDetails for the API: field errors for invalid requests, 403/404 for
/// scope, 500 without internals. Pages fall through to the /Error page.
/// </summary>
internal sealed class PortalExceptionHandler(IProblemDetailsService problems, IStringLocalizer<HostText> t) : IExceptionHandler
{
    public static int StatusFor(Exception exception) => exception switch
    {
        ValidationFailedException => StatusCodes.Status400BadRequest,
        _ when ControlCharacterGuard.IsRefusedText(exception) => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        NotPermittedException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        JasperFx.ConcurrencyException => StatusCodes.Status409Conflict,
        _ when Outage.Is(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Expected outcomes (invalid input, out of scope) are answers, not errors worth a log entry.</summary>
    public static bool IsExpected(Exception exception) =>
        exception is ValidationFailedException or BadHttpRequestException or NotPermittedException or NotFoundException or JasperFx.ConcurrencyException
        || ControlCharacterGuard.IsRefusedText(exception);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed Request.Path at /Error; the feature keeps the path asked for.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path;

        // The database is gone: answered here for pages too, since the error page would need the session check.
        if (Outage.Is(exception))
        {
            httpContext.Request.Path = path;
            await Outage.WriteAsync(httpContext, path, t);
            return true;
        }

        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var status = StatusFor(exception);
        ProblemDetails problem = exception switch
        {
            ValidationFailedException invalid => new ValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Title = t["Zadané údaje nejsou platné."],
                Detail = t["Opravte prosím označená pole."],
            },
            _ when ControlCharacterGuard.IsRefusedText(exception) => new ProblemDetails
            {
                Title = t["Požadavek obsahuje nepovolený znak."],
                Detail = t["Text nesmí obsahovat znak NUL (U+0000). Odstraňte jej a zkuste to znovu."],
            },
            BadHttpRequestException => new ProblemDetails { Title = t["Požadavek nelze přečíst."], Detail = t["Tělo požadavku musí být platný JSON podle dokumentace API."] },
            NotPermittedException => new ProblemDetails { Title = t["K tomuto nemáte oprávnění."] },
            NotFoundException => new ProblemDetails { Title = t["Hledaný záznam neexistuje."] },
            JasperFx.ConcurrencyException => new ProblemDetails { Title = t["Záznam mezitím změnil někdo jiný. Načtěte ho znovu."] },
            // Nothing internal, in any environment a client can reach (the log has the exception).
            _ => new ProblemDetails { Title = t["Na naší straně nastala chyba. Zkuste to prosím za chvíli znovu."] },
        };
        problem.Status = status;
        httpContext.Request.Path = path;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
