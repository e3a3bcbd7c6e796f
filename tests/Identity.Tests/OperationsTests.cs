using System.Net;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>The portal with an SMTP server that never answers, and retries a second apart.</summary>
public sealed class NoSmtpApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = TestPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SmtpStartTls"] = "false",
        ["Email:RetryDelays:0"] = "00:00:01",
    };
}

/// <summary>Operations: what still fails after its retries is visible to the administrator, who replays or discards it.</summary>
public sealed class OperationsTests(NoSmtpApp app) : IClassFixture<NoSmtpApp>
{
    [Fact]
    public async Task A_message_that_keeps_failing_shows_on_the_operators_page_and_health_until_the_administrator_discards_it()
    {
        using var anonymous = app.Client();
        var email = $"nedorucitelny-{Guid.NewGuid():N}@example.cz";
        var registered = await anonymous.PostJsonAsync("/api/identity/registrations", new { name = "Nela Nedoručená", email, password = "Tři kočky na střeše 2026" });
        Assert.True(registered.IsSuccessStatusCode);

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        async Task<JsonElement> Until(Func<JsonElement, bool> condition)
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(90); ; await Task.Delay(500))
            {
                var r = await admin.GetJsonAsync<JsonElement>("/api/operations");
                if (condition(r) || DateTime.UtcNow > deadline)
                {
                    return r;
                }
            }
        }

        static bool Waiting(JsonElement r) => r.GetProperty("deadLetters").EnumerateArray().Any(d => !d.GetProperty("replayable").GetBoolean());
        var report = await Until(Waiting);
        var letter = report.GetProperty("deadLetters")[0];
        Assert.EndsWith("SendEmail", letter.GetProperty("messageType").GetString(), StringComparison.Ordinal);
        Assert.Contains("EmailDeliveryException", letter.GetProperty("exceptionType").GetString(), StringComparison.Ordinal);
        Assert.Contains("Degraded", await admin.Http.GetStringAsync("/health/ready"), StringComparison.Ordinal);

        var page = await admin.GetAsync("/Admin/Operations");
        Assert.Contains("SendEmail", page.Text("[data-testid=dead-letters]"));
        // (Who else may open it: the authorization matrix.)

        // Replayed, it is tried again (and, the server still down, comes back); discarded, it is gone.
        var replayed = await admin.Http.PostAsync($"/api/operations/dead-letters/{letter.GetProperty("id").GetGuid()}/replay", System.Net.Http.Json.JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        await Until(r => r.GetProperty("deadLetters").EnumerateArray().Any(d => d.GetProperty("replayable").GetBoolean()) is false && Waiting(r));
        page = await admin.GetAsync("/Admin/Operations");
        await admin.SubmitAsync(page, "[data-testid=dead-letters] form[action*=Discard]", null);
        Assert.Equal(0, (await Until(r => r.GetProperty("deadLetterCount").GetInt64() == 0)).GetProperty("deadLetterCount").GetInt64());
        Assert.Equal("Healthy", await admin.Http.GetStringAsync("/health/ready"));
    }
}
