using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Shared;

namespace Portal.Host.Infrastructure;

/// <summary>
/// Cross-site request forgery on the JSON API. SameSite=Lax keeps the session cookie from other sites, not from other
/// origins of the same site (another port, another subdomain of the town's domain), whose pages can still send a
/// "simple" request (a form post, a no-cors fetch) with the cookie. So a state-changing API request (POST, PUT, PATCH,
/// DELETE) that carries the session cookie passes only when
/// <list type="bullet">
/// <item>it carries a valid antiforgery token (header <c>RequestVerificationToken</c>), or</item>
/// <item>it is not one a foreign page can send without asking first: not POST with a form, text or no body (a foreign
/// origin must ask the portal in a CORS preflight for anything else, and the portal never allows one), and what the
/// browser says of its origin (<c>Origin</c>, <c>Sec-Fetch-Site</c>) is this portal or nothing.</item>
/// </list>
/// API clients without a cookie are not concerned (they have no session to abuse), nor the gateway's notification.
/// </summary>
internal sealed class ApiCsrfGuard(RequestDelegate next)
{
    private static readonly string[] Exempt = ["/api/payments/comgate"];

    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery, Portal.Shared.Towns.ITowns towns, IProblemDetailsService problems, IStringLocalizer<HostText> t)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Cookies.ContainsKey(Portal.Identity.IdentityModule.SessionCookieName)
            || Exempt.Any(e => request.Path.StartsWithSegments(e, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        if (IsFromElsewhere(request, Portal.Shared.Towns.TownContext.CurrentId is { } town ? towns.Find(town) : null) || (IsSimple(request) && !await antiforgery.IsRequestValidAsync(context)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = t["Požadavek nepřišel z portálu: chybí ochranný token."],
                    Detail = t["Pošlete tělo jako application/json, nebo přiložte token z portálu v hlavičce RequestVerificationToken."],
                },
            });
            return;
        }

        await next(context);
    }

    /// <summary>A request a page of another origin can send without a CORS preflight: a POST with a form, text or nothing.</summary>
    private static bool IsSimple(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false; // PUT, PATCH, DELETE always need a preflight across origins
        }

        var type = request.ContentType?.Split(';')[0].Trim();
        return string.IsNullOrEmpty(type)
            || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The browser says the request was made by a page of another origin (or of the same site on another port).</summary>
    private static bool IsFromElsewhere(HttpRequest request, Portal.Shared.Towns.TownProfile? town)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false; // not a browser, or a same-origin GET-like navigation; the content type still decides
        }

        var own = $"{request.Scheme}://{request.Host}";
        return !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(origin, town?.PublicBaseUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
