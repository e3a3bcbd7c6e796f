using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Forms.Tests;

/// <summary>Drafts, attachments and submission through the real host and PostgreSQL, pages and API.</summary>
public sealed class FormsFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static async Task<int> RevisionAsync(PortalClient client, Guid id) =>
        (await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}")).GetProperty("revision").GetInt32();

    private static Dictionary<string, string?> DogStep0 => new()
    {
        ["v:drzitel.name"] = "Tereza Testovací",
        ["v:adresa.street"] = "Lipová 12",
        ["v:adresa.city"] = "Město Demo",
        ["v:adresa.zip"] = "100 00",
    };

    [Fact]
    public async Task A_draft_is_saved_on_every_step_resumed_in_a_new_session_and_submitted_once()
    {
        var (client, email) = await app.CitizenAsync();
        var catalogue = await client.GetAsync("/Forms");
        var step0 = await client.SubmitAsync(catalogue, "form:has([data-testid=start-poplatek-psi])");
        Assert.Contains("/Forms/Fill/", step0.Url.AbsolutePath);
        Assert.Equal("Tereza Testovací", step0.Document.QuerySelector("#f-drzitel-name")!.GetAttribute("value"));

        // Invalid postcode: stays on the step, says why at the field, and keeps what was typed.
        var invalid = await client.SubmitAsync(step0, "main form", new Dictionary<string, string?>(DogStep0) { ["v:adresa.zip"] = "1000" }, ("action", "next"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("PSČ má pět číslic", invalid.Text("#f-adresa-zip-error"));
        Assert.Equal("Lipová 12", invalid.Document.QuerySelector("#f-adresa-street")!.GetAttribute("value"));

        var step1 = await client.SubmitAsync(invalid, "main form", DogStep0, ("action", "next"));
        Assert.EndsWith("step=1", step1.Url.Query);
        var twoDogs = await client.SubmitAsync(step1, "main form", new Dictionary<string, string?>
        {
            ["v:psi[0].jmeno"] = "Rex",
            ["v:psi[0].plemeno"] = "kříženec",
            ["v:psi[0].cip"] = "203164000123456",
            ["v:psi[0].od"] = "2026-03-01",
        }, ("action", "add:psi"));
        Assert.True(twoDogs.Has("#f-psi-1-jmeno"));
        Assert.Equal("#f-psi-1", twoDogs.Url.Fragment); // the page opens at the new dog, not at its top
        Assert.NotNull(twoDogs.Document.QuerySelector("#f-psi-1[data-item]"));
        var saved = await client.SubmitAsync(twoDogs, "main form", new Dictionary<string, string?> { ["v:psi[1].jmeno"] = "Bety" }, ("action", "save"));

        // "Uložit a dokončit později" goes back to the list, which names the form saved and lists the draft.
        Assert.Equal("/Forms", saved.Url.AbsolutePath);
        Assert.Contains("Přihláška k místnímu poplatku ze psů", saved.Text("[data-testid=saved]"));
        Assert.True(saved.Has("[data-testid=drafts]"));

        // Later, another session: the draft is listed and resumes where it was.
        using var later = await app.SignInAsync(email, Accounts.Password);
        var drafts = await later.GetAsync("/Forms");
        var resume = drafts.Document.QuerySelector("[data-testid=drafts] a")!.GetAttribute("href")!;
        var resumed = await later.GetAsync(resume);
        Assert.Equal("Rex", resumed.Document.QuerySelector("#f-psi-0-jmeno")!.GetAttribute("value"));
        Assert.Equal("Bety", resumed.Document.QuerySelector("#f-psi-1-jmeno")!.GetAttribute("value"));

        var removed = await later.SubmitAsync(resumed, "main form", null, ("action", "remove:psi:1"));
        Assert.False(removed.Has("#f-psi-1-jmeno"));
        var step2 = await later.SubmitAsync(removed, "main form", null, ("action", "next"));
        var summary = await later.SubmitAsync(step2, "main form", new Dictionary<string, string?> { ["v:ulevy"] = null }, ("action", "next"));
        Assert.Equal("/Forms/Summary/" + resume.Split('/').Last(), summary.Url.AbsolutePath);
        Assert.Contains("203164000123456", summary.Text("main"));

        var sent = await later.SubmitAsync(summary, "main form");
        Assert.StartsWith("/Forms/Sent/", sent.Url.AbsolutePath);
        var reference = await WaitForReference(later, sent.Url.AbsolutePath);
        Assert.Matches(@"^MDEMO \d+/\d{4}$", reference);

        // A second submit (an old tab, a double click) sends nothing more.
        var again = await later.SubmitAsync(summary, "main form");
        Assert.StartsWith("/Forms/Sent/", again.Url.AbsolutePath);
        var mine = await later.GetJsonAsync<JsonElement>("/api/submissions");
        Assert.Equal(1, mine.GetArrayLength());

        var receipt = await app.Mail.WaitForAsync(email, 2);
        Assert.Contains(reference, receipt.Subject);
        client.Dispose();
    }

    [Fact]
    public async Task A_stale_tab_is_refused_and_the_stored_draft_stays()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var tab1 = await client.GetAsync($"/Forms/Fill/{id}");
        var tab2 = await client.GetAsync($"/Forms/Fill/{id}");
        var first = await client.SubmitAsync(tab1, "main form", new Dictionary<string, string?> { ["v:adresa.street"] = "První 1" }, ("action", "save"));
        Assert.True(first.Has("[data-testid=saved]"));

        // Both windows changed the street: what this window typed stays in the field, the other version is offered.
        var stale = await client.SubmitAsync(tab2, "main form", new Dictionary<string, string?> { ["v:adresa.street"] = "Druhá 2" }, ("action", "save"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("v jiném okně", stale.Text(".error-summary"));
        Assert.Equal("Druhá 2", stale.Document.QuerySelector("#f-adresa-street")!.GetAttribute("value"));
        Assert.Contains("Adresa pro doručování – ulice a číslo", stale.Text("[data-testid=clash]"));
        Assert.Contains("První 1", stale.Text("[data-testid=clash]"));
        var stored = await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}");
        Assert.Equal("První 1", stored.GetProperty("values").GetProperty("adresa.street").GetString());

        // The person takes the other window's street; the save goes through on the current revision.
        var chosen = await client.SubmitAsync(stale, "main form", new Dictionary<string, string?> { ["keep:adresa.street"] = "theirs" }, ("action", "stay"));
        Assert.True(chosen.Has("[data-testid=saved]"));
        Assert.Equal("První 1", chosen.Document.QuerySelector("#f-adresa-street")!.GetAttribute("value"));
        client.Dispose();
    }

    [Fact]
    public async Task Nobody_else_reaches_my_draft_or_my_attachment()
    {
        var (owner, _) = await app.CitizenAsync();
        var id = await owner.StartDraftAsync("kaceni-drevin");
        var step = await owner.GetAsync($"/Forms/Fill/{id}?step=2");
        Assert.True(step.Has("input[type=file]"));
        var attachmentId = await Upload(owner, id, "souhlas.pdf", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37]);

        var (stranger, _) = await app.CitizenAsync("Cizí Člověk");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/Forms/Fill/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/forms/drafts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/Forms/Attachments/{attachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.DeleteAsync($"/api/forms/drafts/{id}")).StatusCode);

        using var otherAgenda = await app.ClerkAsync("registry");
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgenda.Http.GetAsync($"/Forms/Attachments/{attachmentId}")).StatusCode);
        // Not even the clerks of the form's agenda see a draft's files before it is sent.
        using var building = await app.ClerkAsync("building");
        Assert.Equal(HttpStatusCode.NotFound, (await building.Http.GetAsync($"/Forms/Attachments/{attachmentId}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/Forms/Attachments/{attachmentId}")).StatusCode);
        owner.Dispose();
        stranger.Dispose();
    }

    [Fact]
    public async Task Every_save_is_held_to_the_limits_and_a_NUL_character_gets_a_clear_400_not_a_500()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var huge = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new
        {
            revision = await RevisionAsync(client, id),
            next = false,
            values = new Dictionary<string, string> { ["vec"] = "Dotaz", ["text"] = new string('x', 25_000_000) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var problem = await huge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("příliš dlouhý", problem.GetProperty("errors").GetProperty("text")[0].GetString());
        var stored = await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}");
        Assert.False(stored.GetProperty("values").TryGetProperty("text", out _));

        var nul = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new
        {
            revision = await RevisionAsync(client, id),
            next = false,
            values = new Dictionary<string, string> { ["vec"] = "Dotaz\u0000s nulou" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("NUL", (await nul.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var query = await client.Http.GetAsync("/Forms?q=a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task A_citizen_keeps_only_so_many_drafts_open()
    {
        var (client, _) = await app.CitizenAsync();
        for (var i = 0; i < 30; i++)
        {
            await client.StartDraftAsync("obecne-podani");
        }

        var refused = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("rozpracovaných už 30", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task Sixty_drafts_started_at_once_never_pass_the_limit_of_thirty()
    {
        var (client, _) = await app.CitizenAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" })));
        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(30, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(30, (await client.GetJsonAsync<JsonElement[]>("/api/forms/drafts")).Length);
        client.Dispose();
    }

    [Fact]
    public async Task A_disguised_file_is_refused_with_a_clear_message()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var page = await client.GetAsync($"/Forms/Fill/{id}?step=1");
        using var form = Multipart(page, "prilohy", "faktura.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03]);
        var answer = await client.ToPage(await client.Http.PostAsync($"/Forms/Fill/{id}", form));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("obsah neodpovídá příponě", answer.Text("#f-prilohy-error"));
        Assert.False(answer.Has("a[href^='/Forms/Attachments/']"));
        client.Dispose();
    }

    [Fact]
    public async Task An_incomplete_form_cannot_be_sent_and_the_api_says_why()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("matrika-duplikat");
        var response = await client.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision = await RevisionAsync(client, id) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("druh", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("adresa.street", out _));

        var unknown = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "neexistuje" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        client.Dispose();
    }

    private static async Task<string> WaitForReference(PortalClient client, string sentPath)
    {
        for (var i = 0; i < 100; i++)
        {
            var page = await client.GetAsync(sentPath);
            if (page.Has("[data-testid=reference-number]"))
            {
                return page.Text("[data-testid=reference-number]");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No reference number.");
    }

    private static async Task<Guid> Upload(PortalClient client, Guid draftId, string name, byte[] content)
    {
        var page = await client.GetAsync($"/Forms/Fill/{draftId}?step=2");
        using var form = Multipart(page, "souhlas", name, content);
        var answer = await client.ToPage(await client.Http.PostAsync($"/Forms/Fill/{draftId}", form));
        var link = answer.Document.QuerySelector("a[href^='/Forms/Attachments/']")?.GetAttribute("href")
            ?? throw new InvalidOperationException(answer.Html);
        return Guid.Parse(link.Split('/').Last());
    }

    internal static MultipartFormDataContent Multipart(Page page, string field, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent();
        foreach (var input in page.Document.QuerySelectorAll("main form input[type=hidden]"))
        {
            form.Add(new StringContent(input.GetAttribute("value") ?? string.Empty), input.GetAttribute("name")!);
        }

        form.Add(new StringContent("stay"), "action");
        form.Add(new ByteArrayContent(content), "file:" + field, fileName);
        return form;
    }
}

/// <summary>Idle drafts: a warning first, removal later; a submitted form is never touched.</summary>
public sealed class IdleDraftTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task An_idle_draft_is_warned_about_then_removed_with_its_attachments()
    {
        var (client, email) = await app.CitizenAsync();
        var created = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var store = app.Service<Marten.IDocumentStore>();

        async Task Age(int days)
        {
            await using var session = store.LightweightSession(PortalApp.TownId);
            var draft = await session.LoadAsync<Domain.Draft>(id);
            draft!.UpdatedAt = DateTimeOffset.UtcNow.AddDays(-days);
            session.Store(draft);
            await session.SaveChangesAsync();
        }

        var sweeper = app.Service<Infrastructure.IdleDraftSweeper>();
        await Age(84);
        await sweeper.SweepAsync(PortalApp.TownId, CancellationToken.None);
        var warning = await app.Mail.WaitForAsync(email, 2);
        Assert.Contains("bude smazán", warning.Subject);
        await sweeper.SweepAsync(PortalApp.TownId, CancellationToken.None);
        Assert.Equal(2, app.Mail.For(email).Count); // warned once

        await Age(91);
        await sweeper.SweepAsync(PortalApp.TownId, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/api/forms/drafts/{id}")).StatusCode);
        client.Dispose();
    }
}
