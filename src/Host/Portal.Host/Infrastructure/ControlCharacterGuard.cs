using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Portal.Host.Infrastructure;

/// <summary>
/// A NUL character has no place in anything a person types, and PostgreSQL refuses it in text (22P05), which used to
/// end in a 500. Query strings and url-encoded forms carrying one are answered 400 with ProblemDetails here; a NUL
/// in a JSON body reaches the database's refusal, which <see cref="PortalExceptionHandler"/> answers the same way.
/// </summary>
internal sealed class ControlCharacterGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems, IStringLocalizer<HostText> t)
    {
        var request = context.Request;
        var bad = Contains(request.QueryString.Value) || (request.Path.Value?.Contains('\0', StringComparison.Ordinal) ?? false);
        // Url-encoded forms only (multipart carries files), and not while an error page re-executes a request whose
        // antiforgery check already failed (the form may no longer be read then).
        if (!bad
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is null or { IsValid: true })
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            bad = form.Any(f => f.Key.Contains('\0', StringComparison.Ordinal) || f.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true));
        }

        if (!bad)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = t["Požadavek obsahuje nepovolený znak."],
                Detail = t["Text nesmí obsahovat znak NUL (U+0000). Odstraňte jej a zkuste to znovu."],
            },
        });
    }

    private static bool Contains(string? query) =>
        query is not null && (query.Contains("%00", StringComparison.Ordinal) || query.Contains('\0', StringComparison.Ordinal));

    /// <summary>PostgreSQL's refusal of a NUL (or another character text cannot hold) somewhere in the request's data.</summary>
    public static bool IsRefusedText(Exception exception) => exception switch
    {
        Npgsql.PostgresException { SqlState: "22P05" or "22021" } => true,
        AggregateException all => all.InnerExceptions.Any(IsRefusedText),
        { InnerException: { } inner } => IsRefusedText(inner),
        _ => false,
    };
}
