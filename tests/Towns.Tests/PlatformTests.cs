using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Towns.Tests;

/// <summary>
/// The provider's operator on the platform's console (platforma.localhost): opens a town whose administrator is
/// invited and whose portal serves at once, suspends it, and removes it with every row it had; the town's
/// administrator exports the town's whole data first.
/// </summary>
public sealed class PlatformTests(TwoTownsApp app) : IClassFixture<TwoTownsApp>
{
    private async Task<(string Id, PortalApp Town, PortalClient Admin)> OpenTownAsync(PortalClient @operator, string id, string prefix)
    {
        var adminEmail = PortalApp.AdminEmail; // as in the fixture's towns: each town its own account, every helper works
        var created = await @operator.PostJsonAsync("/api/platform/towns", new
        {
            id,
            name = "Obec " + id,
            hostNames = $"{id}.localhost",
            referencePrefix = prefix,
            feeAccount = "2000145508/0100",
            administratorEmail = adminEmail,
            administratorName = "Správce Nové Obce",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var town = new Uri($"http://{id}.localhost:{app.BaseAddress.Port}/");
        var view = new TownAppView(app, town, id);

        // The first administrator sets a password from the invitation sent to them, on the new town's own address.
        var link = await Wait.UntilAsync(() => Task.FromResult(app.Mail.For(adminEmail).Select(m => m.Link("/Account/ResetPassword")).FirstOrDefault(l => l.StartsWith(town.ToString(), StringComparison.Ordinal))));
        using (var browser = view.Client())
        {
            await browser.SubmitAsync(await browser.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = PortalApp.AdminPassword });
        }

        return (id, view, await view.SignInAsync(adminEmail, PortalApp.AdminPassword));
    }

    [Fact]
    public async Task The_operator_opens_a_town_whose_administrator_is_invited_and_whose_portal_serves_with_its_own_forms_and_fees()
    {
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        var (id, town, admin) = await OpenTownAsync(@operator, "obec-nova", "ONOVA");

        // Its forms and fee kinds were set up in the town itself.
        Assert.Contains("Obec obec-nova", (await admin.GetAsync("/Admin/Town")).Html);
        await Wait.UntilAsync(async () => (await admin.GetAsync("/Forms")).Html.Contains("Obecné podání", StringComparison.Ordinal) ? "ok" : null);
        using var fees = await town.ClerkAsync("fees");
        await Wait.UntilAsync(async () => (await fees.GetAsync("/Fees/Manage")).Html.Contains("2000145508/0100", StringComparison.Ordinal) ? "ok" : null);

        // A citizen's submission there is numbered in the new town's own podací deník.
        var (citizen, _) = await town.CitizenAsync();
        var (draft, revision) = await citizen.ReadyGeneralSubmissionAsync("První podání nové obce");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{draft}/submission", new { revision })).StatusCode);
        Assert.Matches(@"^ONOVA 1/\d{4}$", (await town.RegisteredAsync(draft)).ReferenceNumber);

        // The list shows it; a second town on a name already taken is refused with the field's error.
        var towns = await @operator.GetJsonAsync<JsonElement[]>("/api/platform/towns");
        Assert.Contains(towns, t => t.GetProperty("id").GetString() == id);
        var taken = await @operator.PostJsonAsync("/api/platform/towns", new { id = "obec-jina", name = "Obec Jiná", hostNames = $"{id}.localhost", referencePrefix = "OJINA", feeAccount = "2000145508/0100", administratorEmail = "a@b.cz" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.True((await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("HostNames", out _));
        citizen.Dispose();
        admin.Dispose();
    }

    [Fact]
    public async Task A_town_added_by_the_command_while_the_portal_runs_serves_on_its_host_and_bad_input_is_refused_line_by_line()
    {
        var refused = await HostCommand.RunAsync(app, "town", "add", "--id", "Špatná Obec", "--name", "Obec", "--host", "localhost", "--prefix", "x", "--fee-account", "123", "--admin-email", "nikdo");
        Assert.Equal(2, refused.ExitCode);
        foreach (var field in new[] { "Id:", "HostNames:", "ReferencePrefix:", "FeeAccount:", "AdministratorEmail:" })
        {
            Assert.Contains(field, refused.Error, StringComparison.Ordinal);
        }

        var added = await HostCommand.RunAsync(app, "town", "add", "--id", "obec-skript", "--name", "Obec Skript", "--host", "obec-skript.localhost",
            "--prefix", "OSKRIPT", "--fee-account", "2000145508/0100", "--admin-email", PortalApp.AdminEmail, "--admin-name", "Správce Ze Skriptu");
        Assert.True(added.ExitCode == 0, added.Output + added.Error);
        Assert.Contains("obec-skript", added.Output, StringComparison.Ordinal);

        // The running portal serves it within its directory's reload, with its modules set up and its administrator invited.
        var address = new Uri($"http://obec-skript.localhost:{app.BaseAddress.Port}/");
        using var visitor = new PortalClient(address);
        await Wait.UntilAsync(async () => (await visitor.Http.GetAsync("/")).StatusCode == HttpStatusCode.OK ? "open" : null, TimeSpan.FromSeconds(30));
        Assert.Contains("Obec Skript", (await visitor.GetAsync("/")).Text("header .town"));
        await Wait.UntilAsync(() => Task.FromResult(app.Mail.For(PortalApp.AdminEmail).FirstOrDefault(m => m.Body.Contains(address + "Account/ResetPassword", StringComparison.Ordinal))));
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        Assert.Contains(await @operator.GetJsonAsync<JsonElement[]>("/api/platform/towns"), t => t.GetProperty("id").GetString() == "obec-skript");
    }

    [Fact]
    public async Task Only_the_operator_on_the_platforms_console_manages_towns()
    {
        // A town's administrator: not on their own town's address, and their session is nothing on the console.
        using var townAdmin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await townAdmin.Http.GetAsync("/api/platform/towns")).StatusCode);
        using var anonymous = app.Platform.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/platform/towns")).StatusCode);

        // The console offers no town's pages.
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        Assert.EndsWith("/Platform", (await @operator.GetAsync("/Fees")).Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await @operator.Http.GetAsync("/api/submissions")).StatusCode);
    }

    [Fact]
    public async Task A_suspended_town_says_it_is_temporarily_unavailable_and_serves_again_when_resumed()
    {
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        var (id, town, admin) = await OpenTownAsync(@operator, "obec-pauza", "OPAUZA");
        Assert.Equal(HttpStatusCode.NoContent, (await @operator.Http.PutAsJsonAsync($"/api/platform/towns/{id}/state", new { state = "Suspended" })).StatusCode);

        using var visitor = town.Client();
        var page = await visitor.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("dočasně nedostupný", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.Http.GetAsync("/api/identity/me")).StatusCode);

        // The other towns serve as ever.
        using var other = app.B.Client();
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await @operator.Http.PutAsJsonAsync($"/api/platform/towns/{id}/state", new { state = "Active" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/identity/me")).StatusCode);
        admin.Dispose();
    }

    [Fact]
    public async Task A_town_exports_its_whole_data_and_a_removed_town_leaves_nothing_behind()
    {
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        var (id, town, admin) = await OpenTownAsync(@operator, "obec-konec", "OKONEC");
        var (citizen, _) = await town.CitizenAsync();
        var (draft, revision) = await citizen.ReadyGeneralSubmissionAsync("Podání před odchodem");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{draft}/submission", new { revision })).StatusCode);
        var registered = await town.RegisteredAsync(draft);

        // The archive: the manifest names every table with its rows; the submission's events and documents are in it.
        var zipBytes = await admin.Http.GetByteArrayAsync("/api/town/export");
        using (var zip = new ZipArchive(new MemoryStream(zipBytes)))
        {
            var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open()).RootElement;
            Assert.Equal(id, manifest.GetProperty("town").GetString());
            var files = manifest.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("file").GetString()!, t => t.GetProperty("rows").GetInt64());
            Assert.True(files["identity.mt_doc_useraccount.jsonl"] >= 2);
            var events = new StreamReader(zip.GetEntry("portal.mt_events.jsonl")!.Open()).ReadToEnd();
            Assert.Contains(registered.ReferenceNumber, events);
            Assert.Contains(draft.ToString(), new StreamReader(zip.GetEntry("filing.mt_doc_submission.jsonl")!.Open()).ReadToEnd());
            Assert.DoesNotContain("Obec Vzor", new StreamReader(zip.GetEntry("town.json")!.Open()).ReadToEnd());
        }

        // Another town's administrator cannot export it (their own town only); the operator removes it once confirmed.
        var refused = await @operator.Http.DeleteAsync($"/api/platform/towns/{id}?confirmation=jina-obec");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await @operator.Http.DeleteAsync($"/api/platform/towns/{id}?confirmation={id}")).StatusCode);

        var left = await app.ScalarAsync(
            $"""
            select coalesce(sum(n), 0) from (
              select (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I where tenant_id = %L', table_schema, table_name, '{id}'), false, true, '')))[1]::text::bigint as n
              from information_schema.columns where column_name = 'tenant_id' and table_schema not in ('pg_catalog', 'information_schema', 'wolverine')) counts
            """);
        Assert.Equal(0, left);
        Assert.Equal(0, await app.ScalarAsync($"select count(*) from towns.mt_doc_town where id = '{id}'"));
        using var gone = town.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await gone.Http.GetAsync("/")).StatusCode);

        // The other towns lost nothing.
        using var b = app.B.Client();
        Assert.Equal(HttpStatusCode.OK, (await b.Http.GetAsync("/")).StatusCode);
        citizen.Dispose();
        admin.Dispose();
    }
}
