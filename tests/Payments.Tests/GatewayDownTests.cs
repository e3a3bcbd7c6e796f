using System.Net;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>The portal with its card gateway unreachable.</summary>
public sealed class GatewayDownApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:ComGate:BaseUrl"] = $"http://127.0.0.1:{TestPostgres.FreePort()}", // nobody listens there
    };
}

/// <summary>When the gateway does not answer, the citizen is told so, nothing is charged and nothing is left hanging.</summary>
public sealed class GatewayDownTests(GatewayDownApp app) : IClassFixture<GatewayDownApp>
{
    [Fact]
    public async Task An_unreachable_gateway_gets_a_clear_message_and_the_attempt_shows_as_cancelled()
    {
        using var clerk = await app.ClerkAsync("fees");
        var year = DateTime.UtcNow.Year;
        (await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "psi",
            payerName = "Brána Mimo",
            payerBirthDate = "1980-10-10",
            address = "Lipová 12, 100 00 Město Demo",
            from = $"{year}-01-01",
            subjects = new[] { new { name = "Čert", from = $"{year}-01-01" } },
        })).EnsureSuccessStatusCode();
        var (citizen, _) = await app.NiaCitizenAsync("Brána", "Mimo", "1980-10-10");
        var fees = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null);

        var id = Assert.Single(fees).GetProperty("id").GetGuid();
        var page = await citizen.SubmitAsync(await citizen.GetAsync($"/Payments/Instruction/{id}"), "form.no-print");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Platební brána teď neodpovídá", page.Text(".error-summary"));
        Assert.Equal("Cancelled", Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine")).GetProperty("state").GetString());
        Assert.Equal(600m, Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine")).GetProperty("remaining").GetDecimal());
    }
}
