using System.Net;
using System.Text.Json;
using Marten;
using Portal.Filing.Domain;
using Xunit;

namespace Portal.Testing;

/// <summary>Payers, fees, statement uploads and registered submissions for tests, made through the real pages and APIs.</summary>
public static class Money
{
    private static readonly int Year = DateTime.UtcNow.Year;

    /// <summary>
    /// A payer the fees clerk registers for this year (a dog, or the payer alone for the waste fee), then signed in
    /// through NIA: answers the citizen and their one obligation, once pairing has shown it.
    /// </summary>
    public static async Task<(PortalClient Citizen, JsonElement Obligation)> PayerAsync(this PortalApp app, PortalClient clerk, string feeCode, string given, string family, string born)
    {
        object[] subjects = feeCode == "psi"
            ? [new { name = "Pes " + family, from = $"{Year}-01-01" }]
            : [new { name = $"{given} {family}", birthDate = born, from = $"{Year}-01-01" }];
        var created = await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode,
            payerName = $"{given} {family}",
            payerBirthDate = born,
            address = "Lipová 12, 100 00 Město Demo",
            from = $"{Year}-01-01",
            subjects,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (citizen, _) = await app.NiaCitizenAsync(given, family, born);
        var fees = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null);
        return (citizen, Assert.Single(fees));
    }

    /// <summary>One of the citizen's obligations as "Moje poplatky" (the API) shows it now.</summary>
    public static async Task<JsonElement> FeeAsync(this PortalClient citizen, Guid id) =>
        (await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine")).Single(f => f.GetProperty("id").GetGuid() == id);

    /// <summary>The clerk uploads a statement on the page (multipart, antiforgery); answers the import once done or refused.</summary>
    public static async Task<JsonElement> ImportStatementAsync(this PortalClient clerk, byte[] file, string name)
    {
        var id = await clerk.UploadStatementAsync(file, name);
        return await clerk.ImportFinishedAsync(id);
    }

    /// <summary>An import as the clerk's API shows it once it has completed or been refused.</summary>
    public static async Task<JsonElement> ImportFinishedAsync(this PortalClient clerk, Guid id, TimeSpan? within = null) =>
        (await Wait.UntilAsync(
            async () =>
            {
                var import = await clerk.GetJsonAsync<JsonElement>($"/api/payments/statements/{id}");
                return import.GetProperty("status").GetString() is "Completed" or "Refused" ? new[] { import } : null;
            },
            within))[0];

    /// <summary>The clerk's upload alone: answers the import's id without waiting for it.</summary>
    public static async Task<Guid> UploadStatementAsync(this PortalClient clerk, byte[] file, string name) =>
        Guid.Parse((await clerk.UploadStatementPageAsync(file, name)).Url.AbsolutePath.Split('/')[^1]);

    /// <summary>The clerk's upload on the page: answers the page the clerk is taken to (the import's report).</summary>
    public static async Task<Page> UploadStatementPageAsync(this PortalClient clerk, byte[] file, string name)
    {
        var page = await clerk.GetAsync("/Payments/Statements");
        var token = page.Document.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", name },
        };
        var report = await clerk.ToPage(await clerk.Http.PostAsync("/Payments/Statements", content));
        Assert.StartsWith("/Payments/Statements/", report.Url.AbsolutePath);
        return report;
    }

    /// <summary>The podací deník entry of a sent form, once the filing office has written it.</summary>
    public static async Task<Submission> RegisteredAsync(this PortalApp app, Guid id)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var session = app.Service<IDocumentStore>().QuerySession(app.Town);
            if (await session.LoadAsync<Submission>(id) is { } submission)
            {
                return submission;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Not registered: " + id);
    }
}
