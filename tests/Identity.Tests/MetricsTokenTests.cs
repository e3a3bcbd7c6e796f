using System.Net;
using System.Net.Http.Headers;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>The portal with a monitoring token set.</summary>
public sealed class MetricsTokenApp : PortalApp
{
    public const string Token = "monitoring-token-for-tests";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Operations:MetricsToken"] = Token };
}

/// <summary>With a token set, /metrics answers only the monitoring that sends it, even on this machine.</summary>
public sealed class MetricsTokenTests(MetricsTokenApp app) : IClassFixture<MetricsTokenApp>
{
    [Fact]
    public async Task Metrics_need_the_token_and_health_does_not()
    {
        using var client = app.Client();
        var anonymous = await client.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MetricsTokenApp.Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MetricsTokenApp.Token) } };
        var scraped = await client.Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await scraped.Content.ReadAsStringAsync());

        Assert.Equal("Healthy", await client.Http.GetStringAsync("/health/ready"));
    }
}
