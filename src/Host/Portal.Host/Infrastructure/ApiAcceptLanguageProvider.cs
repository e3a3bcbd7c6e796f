using Microsoft.AspNetCore.Localization;

namespace Portal.Host.Infrastructure;

/// <summary>
/// API clients choose their language with Accept-Language; web pages are Czech unless the visitor switches
/// (a Czech town's portal should not turn English because a browser is set so).
/// </summary>
internal sealed class ApiAcceptLanguageProvider : RequestCultureProvider
{
    private readonly AcceptLanguageHeaderRequestCultureProvider inner = new();

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments("/api")
            ? inner.DetermineProviderCultureResult(httpContext)
            : NullProviderCultureResult;
}
