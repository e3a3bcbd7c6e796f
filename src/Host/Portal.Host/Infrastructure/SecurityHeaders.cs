using Microsoft.Extensions.Options;
using Portal.Identity;

namespace Portal.Host.Infrastructure;

/// <summary>Security headers on every answer: no framing, no sniffing, a strict content security policy.</summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<IdentityOptions> identity)
{
    private readonly string policy = BuildPolicy(identity.Value.Nia);

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

    private static string BuildPolicy(NiaOptions nia)
    {
        // A form post may end in a redirect to NIA (sign-out), so NIA's origin is an allowed form target.
        var niaOrigin = nia.Enabled && Uri.TryCreate(nia.Authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : string.Empty;
        return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
            + $"base-uri 'self'; frame-ancestors 'none'; form-action 'self'{niaOrigin}";
    }
}
