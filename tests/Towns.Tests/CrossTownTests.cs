using System.Net;
using Microsoft.AspNetCore.Routing;
using Portal.Testing;

namespace Portal.Towns.Tests;

/// <summary>
/// Every endpoint the portal maps, asked on town B's address by people of town A (citizen, clerks, form manager,
/// administrator, with their sessions): each answers exactly as it answers a stranger, so nothing of B opens to A.
/// </summary>
public sealed class CrossTownTests(TwoTownsApp app) : IClassFixture<TwoTownsApp>
{
    private static string Url(string pattern) =>
        "/" + pattern.TrimStart('/')
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{id}", "obec-vzor", StringComparison.Ordinal)
            .Replace("{job}", "reminders", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{step:int}", "0", StringComparison.Ordinal)
            .Replace("{code}", "obecne-podani", StringComparison.Ordinal)
            .Replace("{format:regex(^(png|svg)$)}", "png", StringComparison.Ordinal);

    private static string? PathOf(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];

    [Fact]
    public async Task Every_endpoint_of_town_B_answers_town_As_people_as_it_answers_a_stranger()
    {
        var people = new Dictionary<string, PortalClient>
        {
            ["citizen"] = (await app.CitizenAsync()).Client,
            ["verified citizen"] = (await app.NiaCitizenAsync("Ověřená", "Áčková", "1980-01-01")).Client,
            ["filing clerk"] = await app.ClerkAsync("filing"),
            ["fees clerk"] = await app.ClerkAsync("fees"),
            ["form manager"] = await app.FormManagerAsync(),
            ["administrator"] = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword),
        };

        HttpClient OnB(System.Net.CookieContainer cookies)
        {
            // The browser would keep A's cookies to A; here they are sent to B as if they were B's.
            var copy = new System.Net.CookieContainer();
            foreach (Cookie c in cookies.GetCookies(app.BaseAddress))
            {
                copy.Add(app.B.BaseAddress, new Cookie(c.Name, c.Value, "/"));
            }

            var handler = PortalClient.Handler(copy);
            handler.AllowAutoRedirect = false;
            return new HttpClient(handler) { BaseAddress = app.B.BaseAddress };
        }

        using var stranger = OnB(new System.Net.CookieContainer());
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText ?? string.Empty)))
            .Where(e => e.Method == "GET" && !e.Pattern.StartsWith("/Dev", StringComparison.Ordinal) && !e.Pattern.Contains("signin", StringComparison.OrdinalIgnoreCase))
            .Distinct().ToList();
        var wrong = new List<string>();
        var judged = 0;
        foreach (var (who, client) in people)
        {
            using var onB = OnB(client.Cookies);
            foreach (var (_, pattern) in endpoints)
            {
                var url = Url(pattern);
                var asStranger = await stranger.GetAsync(url);
                var asA = await onB.GetAsync(url);
                judged++;
                if (asA.StatusCode != asStranger.StatusCode || PathOf(asA.Headers.Location) != PathOf(asStranger.Headers.Location))
                {
                    wrong.Add($"{url} as A's {who}: {(int)asA.StatusCode} {asA.Headers.Location}, a stranger gets {(int)asStranger.StatusCode} {asStranger.Headers.Location}");
                }
            }
        }

        Assert.True(judged > 300, $"Only {judged} answers judged");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var c in people.Values)
        {
            c.Dispose();
        }
    }
}
