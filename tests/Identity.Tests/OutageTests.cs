using System.Net;
using System.Text.Json;
using Npgsql;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>The portal reaches its database through a link the test can cut (Development, as build/run.sh runs).</summary>
public class OutageApp : PortalApp
{
    public DatabaseLink Link { get; private set; } = default!;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(await base.CreateDatabaseAsync());
        Link = new DatabaseLink(direct.Host!, direct.Port);
        direct.Host = "127.0.0.1";
        direct.Port = Link.Port;
        direct.Timeout = 3; // a refused connection is told at once; a hanging one within seconds
        return direct.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        Link.Restore();
        await base.DisposeAsync();
        await Link.DisposeAsync();
    }
}

/// <summary>The same in Production.</summary>
public sealed class ProductionOutageApp : OutageApp
{
    protected override string EnvironmentName => "Production";
}

/// <summary>
/// A database outage: every page a person can reach answers a short Czech/English "temporarily unavailable" (503 with
/// Retry-After), API clients a ProblemDetails of the same, nothing internal in any environment; the session check is
/// not needed to draw it. When the database is back, the same session works again.
/// </summary>
public abstract class OutageTestsBase(OutageApp app)
{
    [Fact]
    public async Task An_outage_answers_every_page_and_API_with_a_short_503_and_no_internal_detail()
    {
        var (citizen, _) = await app.CitizenAsync("Olga Výpadková");
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/Forms")).Status);

        app.Link.Cut();
        try
        {
            // A signed-in citizen's session cannot be checked: every page says the service is unavailable.
            foreach (var path in new[] { "/", "/Forms", "/Submissions", "/Messages", "/Fees" })
            {
                var response = await citizen.Http.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode}\n{body}");
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Contains("Služba je dočasně nedostupná", body);
                Assert.Contains("temporarily unavailable", body);
                AssertNothingInternal(body);
            }

            // Without a session, a page that needs no database may still be drawn; one that needs it says the same.
            foreach (var path in new[] { "/", "/Forms", "/Account/Login", "/Submissions" })
            {
                var response = await anonymous.Http.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable or HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}\n{body}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.Contains("Služba je dočasně nedostupná", body);
                }

                AssertNothingInternal(body);
            }

            var api = new HttpRequestMessage(HttpMethod.Get, "/api/forms/drafts");
            api.Headers.Accept.ParseAdd("application/json");
            var problem = await citizen.Http.SendAsync(api);
            var json = await problem.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.StatusCode);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(problem.Headers.RetryAfter);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(503, doc.RootElement.GetProperty("status").GetInt32());
            Assert.False(doc.RootElement.TryGetProperty("detail", out _), json);
            AssertNothingInternal(json);
        }
        finally
        {
            app.Link.Restore();
        }

        // Back: the same session goes on.
        var again = await Wait.UntilAsync(async () => await citizen.GetAsync("/Forms") is { Status: HttpStatusCode.OK } page ? page : null);
        Assert.True(again.Has("a[href='/Account/Logout'], form[action='/Account/Logout']"), again.Html);
        citizen.Dispose();
    }

    private static void AssertNothingInternal(string body)
    {
        foreach (var word in new[] { "Npgsql", "Exception", "Marten", "127.0.0.1", "Port=", " at Portal.", "stack", "Host=" })
        {
            Assert.DoesNotContain(word, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}

public sealed class OutageTests(OutageApp app) : OutageTestsBase(app), IClassFixture<OutageApp>;

public sealed class ProductionOutageTests(ProductionOutageApp app) : OutageTestsBase(app), IClassFixture<ProductionOutageApp>;
