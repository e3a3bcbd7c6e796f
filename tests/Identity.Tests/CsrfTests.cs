using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>
/// Same-site request forgery on the API: a page on another port of the same site (in production any page on the
/// town's domain) sends the signed-in person's cookie with a "simple" request. Every state-changing API endpoint that
/// accepts a cookie session refuses it without the antiforgery token; a JSON request from the portal or an API client
/// still works.
/// </summary>
public sealed class CsrfTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static IEnumerable<(string Method, string Path)> CookieWrites(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.RoutePattern.RawText != "/api/payments/comgate")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => (m, e.RoutePattern.RawText!
                    .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                    .Replace("{step:int}", "0", StringComparison.Ordinal)
                    .Replace("{code}", "obecne-podani", StringComparison.Ordinal)
                    + (e.RoutePattern.RawText!.EndsWith("/publication", StringComparison.Ordinal) ? "?revision=1" : string.Empty))))
            .Distinct();

    [Fact]
    public async Task Every_cookie_authenticated_API_write_without_the_token_is_refused_and_changes_nothing()
    {
        var manager = await app.FormManagerAsync();
        var before = await manager.GetJsonAsync<JsonElement>("/api/forms/designer/obecne-podani");
        var writes = CookieWrites(app.Service<EndpointDataSource>()).ToList();
        Assert.Contains(writes, w => w.Path.Contains("/publication", StringComparison.Ordinal));
        Assert.True(writes.Count >= 10, string.Join(", ", writes));
        var foreign = $"http://localhost:{TestPostgres.FreePort()}";
        var accepted = new List<string>();
        foreach (var (method, path) in writes)
        {
            // What a foreign page can send: a no-cors fetch or a form, with the cookie, no token.
            var shapes = new List<HttpRequestMessage>();
            foreach (var (origin, site) in new (string?, string?)[] { (foreign, "same-site"), (foreign, null), (null, null) })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "text/plain");
                }

                if (origin is not null)
                {
                    request.Headers.Add("Origin", origin);
                }

                if (site is not null)
                {
                    request.Headers.Add("Sec-Fetch-Site", site);
                }

                shapes.Add(request);
            }

            if (method != "POST")
            {
                shapes.RemoveAt(2); // a PUT or DELETE from a page of the portal's own origin is no forgery (a foreign one needs a preflight)
            }

            foreach (var request in shapes)
            {
                var response = await manager.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains("ochranný token", StringComparison.Ordinal))
                {
                    accepted.Add($"{method} {path} (Origin {request.Headers.Contains("Origin")}, {request.Content?.Headers.ContentType}): {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(accepted.Count == 0, string.Join("\n", accepted));
        var after = await manager.GetJsonAsync<JsonElement>("/api/forms/designer/obecne-podani");
        Assert.Equal(before.GetProperty("publishedVersion").GetInt32(), after.GetProperty("publishedVersion").GetInt32());
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());

        // The portal's own JSON request, and one with the page's antiforgery token, pass the guard.
        var json = new HttpRequestMessage(HttpMethod.Post, "/api/forms/drafts") { Content = new StringContent("{\"formCode\":\"obecne-podani\"}", Encoding.UTF8, "application/json") };
        json.Headers.Add("Origin", app.BaseAddress.ToString().TrimEnd('/'));
        Assert.Equal(HttpStatusCode.Created, (await manager.Http.SendAsync(json)).StatusCode);
        var page = await manager.GetAsync("/Forms/Designer");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/forms/designer/obecne-podani/publication?revision=-1") { Content = new StringContent(string.Empty, Encoding.UTF8, "text/plain") };
        withToken.Headers.Add("RequestVerificationToken", token);
        var answer = await manager.Http.SendAsync(withToken);
        Assert.DoesNotContain("ochranný token", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        manager.Dispose();
    }
}
