using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace Portal.Testing;

/// <summary>Drafts made through the forms API, and plain SQL against a test class's database.</summary>
public static class Drafts
{
    /// <summary>Starts a draft of the form through the API and answers its id.</summary>
    public static async Task<Guid> StartDraftAsync(this PortalClient client, string formCode)
    {
        var response = await client.PostJsonAsync("/api/forms/drafts", new { formCode });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A general submission (obecné podání) to the filing office with both steps filled, ready to send.</summary>
    public static async Task<(Guid Id, int Revision)> ReadyGeneralSubmissionAsync(this PortalClient client, string subject, string text = "Prosím o vyřízení této věci, děkuji.")
    {
        var created = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var step0 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/0", new
        {
            revision = 1,
            next = true,
            values = new Dictionary<string, string> { ["podatel.name"] = "Tereza Testovací", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" },
        });
        var revision = (await step0.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32();
        var step1 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new
        {
            revision,
            next = true,
            values = new Dictionary<string, string> { ["agenda"] = "filing", ["vec"] = subject, ["text"] = text },
        });
        var saved = await step1.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(saved.GetProperty("errors").EnumerateObject());
        return (id, saved.GetProperty("revision").GetInt32());
    }

    /// <summary>Runs SQL against the class's database (faults injected, counts read).</summary>
    public static async Task ExecuteAsync(this PortalApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(this PortalApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
