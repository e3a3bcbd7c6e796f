using Microsoft.Extensions.Options;
using Portal.Shared.Web;

namespace Portal.Host.Infrastructure;

/// <summary>Security headers on every answer: no framing, no sniffing, a strict content security policy.</summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<ContentSecurityOptions> options)
{
    private readonly string policy = BuildPolicy(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = policy;
        return next(context);
    }

    private static string BuildPolicy(ContentSecurityOptions options)
    {
        // A form post may end in a redirect elsewhere (NIA's sign-out, the card gateway): the modules name those origins.
        var targets = string.Concat(options.FormActionOrigins.Select(o => " " + o));
        return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
            + $"base-uri 'self'; frame-ancestors 'none'; form-action 'self'{targets}";
    }
}
