using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Forms.Domain;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Forms.Tests;

/// <summary>The form designer through the real host and PostgreSQL: who may edit, imports, versions, withdrawal, preview.</summary>
public sealed class DesignerFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Permit(string code, bool withPhone = false) => $$"""
        {
          "code": "{{code}}", "version": 1, "agenda": "building",
          "title": { "cs": "Žádost o zábor veřejného prostranství", "en": "Public space permit" },
          "steps": [
            { "id": "zadatel", "title": { "cs": "Žadatel", "en": "Applicant" }, "fields": [
              { "name": "zadatel", "kind": "Person", "label": { "cs": "Žadatel", "en": "Applicant" }, "required": true },
              { "name": "ucel", "kind": "Choice", "label": { "cs": "Účel záboru", "en": "Purpose" }, "required": true, "options": [
                { "value": "leseni", "label": { "cs": "Lešení", "en": "Scaffolding" } },
                { "value": "akce", "label": { "cs": "Kulturní akce", "en": "Cultural event" } } ] },
              { "name": "popis", "kind": "LongText", "label": { "cs": "Popis akce", "en": "About the event" }, "required": true, "visibleWhen": { "field": "ucel", "in": ["akce"] } }
              {{(withPhone ? """, { "name": "telefon", "kind": "Phone", "label": { "cs": "Telefon", "en": "Phone" }, "required": true }""" : string.Empty)}}
            ]}
          ]
        }
        """;

    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> DesignAsync(PortalClient manager, string code) => await manager.GetJsonAsync<JsonElement>($"/api/forms/designer/{code}");

    private static async Task<int> PublishAsync(PortalClient manager, string code)
    {
        var revision = (await DesignAsync(manager, code)).GetProperty("revision").GetInt32();
        var response = await manager.Http.PostAsync($"/api/forms/designer/{code}/publication?revision={revision}", Body("{}"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    private static async Task ImportAsync(PortalClient manager, string json)
    {
        var response = await manager.Http.PostAsync("/api/forms/designer/import", Body(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Code() => "zabor-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Only_a_form_manager_reaches_the_designer_and_a_hostile_import_changes_nothing()
    {
        var (citizen, _) = await app.CitizenAsync();
        using var clerk = await app.ClerkAsync("building");
        using var manager = await app.FormManagerAsync();
        var code = Code();
        foreach (var outsider in new[] { citizen, clerk })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/Forms/Designer")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/Forms/Designer/Edit/poplatek-psi")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Http.PostAsync("/api/forms/designer/import", Body(Permit(code)))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Http.GetAsync("/Forms/Designer/Export/poplatek-psi")).StatusCode);
        }

        await ImportAsync(manager, Permit(code));
        var before = await DesignAsync(manager, code);
        var exportBefore = await manager.Http.GetStringAsync($"/Forms/Designer/Export/{code}");

        // Duplicate keys, a condition on a field that does not exist, a pattern that is not one: a list, nothing stored.
        var hostile = Permit(code)
            .Replace("\"name\": \"popis\"", "\"name\": \"ucel\"", StringComparison.Ordinal)
            .Replace("\"in\": [\"akce\"]", "\"in\": [\"akce\"], \"field\": \"neni\"", StringComparison.Ordinal);
        var refused = await manager.Http.PostAsync("/api/forms/designer/import", Body(hostile));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("steps[0].fields[2].name", out _), problem.ToString());

        var broken = await manager.Http.PostAsync("/api/forms/designer/import", Body("{ \"code\": \"" + code + "\", \"steps\": [ { \"id\": 1 } ] }"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var tooDeep = await manager.Http.PostAsync("/api/forms/designer/import", Body(new string('[', 200) + new string(']', 200)));
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);

        Assert.Equal(before.GetProperty("revision").GetInt32(), (await DesignAsync(manager, code)).GetProperty("revision").GetInt32());
        Assert.Equal(exportBefore, await manager.Http.GetStringAsync($"/Forms/Designer/Export/{code}"));

        // The refusal's body is stable: the problem type, title and the errors by where they are.
        var snapshot = JsonSerializer.Serialize(
            new { problem = problem.GetProperty("title").GetString(), status = problem.GetProperty("status").GetInt32(), errors },
            Readable);
        Snapshot.Match(snapshot.Replace(code, "KOD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_2_published_while_a_citizen_has_a_draft_on_version_1_leaves_it_to_continue_and_the_clerk_sees_the_version()
    {
        using var manager = await app.FormManagerAsync();
        using var clerk = await app.ClerkAsync("building");
        var code = Code();
        await ImportAsync(manager, Permit(code));
        Assert.Equal(1, await PublishAsync(manager, code));

        var (citizen, _) = await app.CitizenAsync("Věra Zkušební");
        var first = await citizen.StartDraftAsync(code);
        var second = await citizen.StartDraftAsync(code);

        await ImportAsync(manager, Permit(code, withPhone: true));
        Assert.Equal(2, await PublishAsync(manager, code));

        // The draft stays on version 1, says there is a version 2 and what changed, and is sent on version 1.
        var page = await citizen.GetAsync($"/Forms/Fill/{first}?step=0");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Nové povinné pole „Telefon“", page.Text("[data-testid=new-version]"));
        Assert.False(page.Has("input[name='v:telefon']"));
        var draft = await citizen.GetJsonAsync<JsonElement>($"/api/forms/drafts/{first}");
        Assert.Equal(1, draft.GetProperty("formVersion").GetInt32());
        var saved = await citizen.Http.PutAsJsonAsync($"/api/forms/drafts/{first}/steps/0", new
        {
            revision = draft.GetProperty("revision").GetInt32(),
            values = new Dictionary<string, string> { ["zadatel.name"] = "Věra Zkušební", ["ucel"] = "leseni" },
            next = true,
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var revision = (await citizen.GetJsonAsync<JsonElement>($"/api/forms/drafts/{first}")).GetProperty("revision").GetInt32();
        var sent = await citizen.PostJsonAsync($"/api/forms/drafts/{first}/submission", new { revision });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        // The building clerk finds it with its version and its labels.
        var opened = await FindCaseAsync(clerk, first);
        Assert.Contains($"{code}, verze 1", opened.Text("[data-testid=form-version]"));
        Assert.Contains("Účel záboru", opened.Html);
        Assert.Contains("Lešení", opened.Html);

        // The other draft takes the offer: it moves to version 2 (what it held stays), and a new draft starts on 2.
        var offer = await citizen.GetAsync($"/Forms/Fill/{second}?step=0");
        var moved = await citizen.SubmitAsync(offer, "[data-testid=new-version] form");
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.True(moved.Has("input[name='v:telefon']"));
        Assert.Equal(2, (await citizen.GetJsonAsync<JsonElement>($"/api/forms/drafts/{second}")).GetProperty("formVersion").GetInt32());
        var third = await citizen.StartDraftAsync(code);
        Assert.Equal(2, (await citizen.GetJsonAsync<JsonElement>($"/api/forms/drafts/{third}")).GetProperty("formVersion").GetInt32());

        // Who changed what is recorded.
        var history = await manager.GetAsync($"/Forms/Designer/History/{code}");
        Assert.Contains("Nové povinné pole „Telefon“.", history.Text("[data-testid=history]"));
        Assert.Equal(2, history.Document.QuerySelectorAll("[data-testid=versions] tbody tr").Length);
    }

    private static async Task<Page> FindCaseAsync(PortalClient clerk, Guid submissionId) =>
        await Wait.UntilAsync(async () =>
        {
            var page = await clerk.GetAsync($"/Filing/Case/{submissionId}");
            return page.Status == HttpStatusCode.OK ? page : null;
        });

    [Fact]
    public async Task A_withdrawn_form_takes_no_new_drafts_until_it_is_put_back_and_open_drafts_go_on()
    {
        using var manager = await app.FormManagerAsync();
        var code = Code();
        await ImportAsync(manager, Permit(code));
        await PublishAsync(manager, code);
        var (citizen, _) = await app.CitizenAsync();
        var open = await citizen.StartDraftAsync(code);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.Http.PutAsync($"/api/forms/designer/{code}/withdrawal", null)).StatusCode);
        Assert.DoesNotContain(code, (await citizen.GetAsync("/Forms")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostJsonAsync("/api/forms/drafts", new { formCode = code })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/Forms/Fill/{open}?step=0")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.Http.DeleteAsync($"/api/forms/designer/{code}/withdrawal")).StatusCode);
        Assert.Contains(code, (await citizen.GetAsync("/Forms")).Html, StringComparison.Ordinal);
        var history = await manager.GetAsync($"/Forms/Designer/History/{code}");
        Assert.Contains("stažen", history.Text("[data-testid=history]"));
        Assert.Contains("znovu nabízen", history.Text("[data-testid=history]"));
    }

    [Fact]
    public async Task Publishing_checks_a_fee_registration_mapping_with_the_fees_module()
    {
        using var manager = await app.FormManagerAsync();
        var dog = await manager.Http.GetStringAsync("/Forms/Designer/Export/poplatek-psi");
        var code = Code();
        var copy = dog.Replace("\"code\": \"poplatek-psi\"", $"\"code\": \"{code}\"", StringComparison.Ordinal);

        await ImportAsync(manager, copy.Replace("\"fee\": \"psi\"", "\"fee\": \"kocky\"", StringComparison.Ordinal));
        var revision = (await DesignAsync(manager, code)).GetProperty("revision").GetInt32();
        var refused = await manager.Http.PostAsync($"/api/forms/designer/{code}/publication?revision={revision}", Body("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("kocky", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ImportAsync(manager, copy.Replace("\"utulek\": \"utulek\"", "\"yes\": \"vip\"", StringComparison.Ordinal).Replace("\"yes\": \"utulek\"", "\"yes\": \"vip\"", StringComparison.Ordinal));
        revision = (await DesignAsync(manager, code)).GetProperty("revision").GetInt32();
        refused = await manager.Http.PostAsync($"/api/forms/designer/{code}/publication?revision={revision}", Body("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("vip", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ImportAsync(manager, copy);
        Assert.Equal(1, await PublishAsync(manager, code));
    }

    [Fact]
    public async Task Any_definition_the_designer_accepts_renders_through_the_citizen_pages_in_the_preview_and_is_never_sent()
    {
        using var manager = await app.FormManagerAsync();
        foreach (var seed in Enumerable.Range(0, 12).Select(i => 7919 * i + 17))
        {
            var form = RandomForms.Make(seed) with { Code = $"nahodny-{seed}-{Guid.NewGuid():N}"[..30].TrimEnd('-') };
            await ImportAsync(manager, FormDefinitionJson.Export(form));
            var designer = await manager.GetAsync($"/Forms/Designer/Edit/{form.Code}");
            Assert.Equal(HttpStatusCode.OK, designer.Status);
            var preview = await manager.SubmitAsync(designer, "form:has([data-testid=preview-test-data])");
            Assert.Equal(HttpStatusCode.OK, preview.Status);
            Assert.True(preview.Has("[data-testid=preview-banner]"));
            var id = preview.Url.AbsolutePath.Split('/')[^1];
            for (var step = 0; step < form.Steps.Count; step++)
            {
                var page = await manager.GetAsync($"/Forms/Fill/{id}?step={step}");
                Assert.Equal(HttpStatusCode.OK, page.Status);

                // Labels are text: markup typed by a manager shows as characters, never as elements.
                foreach (var field in form.Steps[step].Fields.Where(f => f.Kind != FieldKind.Static))
                {
                    Assert.Contains(field.Label.Cs, page.Document.Body!.TextContent, StringComparison.Ordinal);
                }

                Assert.DoesNotContain(page.Document.QuerySelectorAll("main script"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
                Assert.Empty(page.Document.QuerySelectorAll("main b, main em, main i, main a[href='x']"));
            }

            var summary = await manager.GetAsync($"/Forms/Summary/{id}");
            Assert.Equal(HttpStatusCode.OK, summary.Status);
            Assert.False(summary.Has("[data-testid=submit]"));
            var revision = (await manager.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}")).GetProperty("revision").GetInt32();
            Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        }
    }

    [Fact]
    public async Task A_manager_builds_a_form_on_the_designer_page_and_a_broken_change_is_refused_with_the_reason()
    {
        using var manager = await app.FormManagerAsync();
        var code = Code();
        var list = await manager.GetAsync("/Forms/Designer");
        var created = await manager.SubmitAsync(list, "form:has([data-testid=create-form])", new Dictionary<string, string?>
        {
            ["code"] = code,
            ["titleCs"] = "Žádost o parkovací kartu",
            ["titleEn"] = "Parking card",
            ["agenda"] = "filing",
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.EndsWith($"/Forms/Designer/Edit/{code}", created.Url.AbsolutePath);

        // Publishing an empty step is refused with why.
        var empty = await manager.SubmitAsync(created, "form:has([data-testid=publish])");
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("alespoň jedno pole", empty.Text("[data-testid=design-problems]"));

        var editor = await manager.GetAsync($"/Forms/Designer/Edit/{code}?step=krok-1&add=true");
        var withField = await manager.SubmitAsync(editor, "[data-testid=field-editor]", new Dictionary<string, string?>
        {
            ["Field.Kind"] = "YesNo",
            ["Field.LabelCs"] = "Mám elektromobil",
            ["Field.LabelEn"] = "I have an electric car",
            ["Field.Key"] = "elektro",
            ["Field.Required"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, withField.Status);
        Assert.True(withField.Has("[data-testid=design-field][data-key=elektro]"));

        // A field shown only when another field has a value it does not offer: refused, nothing stored, input kept.
        var again = await manager.GetAsync($"/Forms/Designer/Edit/{code}?step=krok-1&add=true");
        var refused = await manager.SubmitAsync(again, "[data-testid=field-editor]", new Dictionary<string, string?>
        {
            ["Field.Kind"] = "Text",
            ["Field.LabelCs"] = "Číslo technického průkazu",
            ["Field.Key"] = "tp",
            ["Field.CondField"] = "elektro",
            ["Field.CondValues"] = "mozna",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("elektro", refused.Text("[data-testid=design-problems]"));
        Assert.Equal("Číslo technického průkazu", refused.Document.QuerySelector("#Field_LabelCs")!.GetAttribute("value"));
        Assert.False(refused.Has("[data-testid=design-field][data-key=tp]"));

        var published = await manager.SubmitAsync(withField, "form:has([data-testid=publish])");
        Assert.Equal(HttpStatusCode.OK, published.Status);
        Assert.Contains("verze 1", published.Text("[data-testid=design-status]"));

        // One preview at a time: a second preview of the form replaces the first.
        var first = await manager.SubmitAsync(published, "form:has([data-testid=preview])");
        var second = await manager.SubmitAsync(await manager.GetAsync($"/Forms/Designer/Edit/{code}"), "form:has([data-testid=preview])");
        Assert.NotEqual(first.Url, second.Url);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(first.Url.PathAndQuery)).Status);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(second.Url.PathAndQuery)).Status);
        Assert.Empty((await manager.GetJsonAsync<JsonElement[]>("/api/forms/drafts")));
    }

    [Fact]
    public async Task A_draft_starts_with_the_identity_nia_verified_and_only_the_name_and_e_mail_for_a_password_session()
    {
        var (verified, _) = await app.NiaCitizenAsync("Ludmila", "Předvyplněná", "1979-05-04");
        var id = await verified.StartDraftAsync("obecne-podani");
        var values = (await verified.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}")).GetProperty("values");
        Assert.Equal("Ludmila Předvyplněná", values.GetProperty("podatel.name").GetString());
        Assert.Equal("1979-05-04", values.GetProperty("podatel.birthDate").GetString());
        Assert.Equal("Lipová 12", values.GetProperty("adresa.street").GetString());
        Assert.Equal("100 00", values.GetProperty("adresa.zip").GetString());
        Assert.Equal("Město Demo", values.GetProperty("adresa.city").GetString());

        var (password, _) = await app.CitizenAsync("Oto Heslový");
        var other = await password.StartDraftAsync("obecne-podani");
        var plain = (await password.GetJsonAsync<JsonElement>($"/api/forms/drafts/{other}")).GetProperty("values");
        Assert.Equal("Oto Heslový", plain.GetProperty("podatel.name").GetString());
        Assert.False(plain.TryGetProperty("podatel.birthDate", out _));
        Assert.False(plain.TryGetProperty("adresa.street", out _));
    }

    [Fact]
    public async Task A_file_field_takes_only_the_types_and_size_its_form_allows_and_a_form_manager_lands_in_the_designer()
    {
        using var manager = await app.FormManagerAsync();
        Assert.Equal("/Forms/Designer", (await manager.GetAsync("/start")).Url.AbsolutePath);
        var code = Code();
        await ImportAsync(manager, $$"""
            { "code": "{{code}}", "version": 1, "agenda": "building", "title": { "cs": "Ohlášení drobné stavby" },
              "steps": [ { "id": "a", "title": { "cs": "Výkres" }, "fields": [
                { "name": "plan", "kind": "Attachment", "label": { "cs": "Situační výkres" }, "accept": ["pdf"], "maxSizeMb": 1 } ] } ] }
            """);
        await PublishAsync(manager, code);
        var (citizen, _) = await app.CitizenAsync();
        var id = await citizen.StartDraftAsync(code);
        var page = await citizen.GetAsync($"/Forms/Fill/{id}?step=0");
        Assert.Contains("PDF", page.Text("#f-plan-hint"));
        Assert.Equal(".pdf", page.Document.QuerySelector("#f-plan-file")!.GetAttribute("accept"));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        using (var form = FormsFlowTests.Multipart(page, "plan", "plan.png", png))
        {
            var refused = await citizen.ToPage(await citizen.Http.PostAsync($"/Forms/Fill/{id}", form));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("jen soubory typu PDF", refused.Html, StringComparison.Ordinal);
        }

        var big = Encoding.ASCII.GetBytes("%PDF-1.4\n").Concat(new byte[1_200_000]).ToArray();
        page = await citizen.GetAsync($"/Forms/Fill/{id}?step=0");
        using (var form = FormsFlowTests.Multipart(page, "plan", "plan.pdf", big))
        {
            var refused = await citizen.ToPage(await citizen.Http.PostAsync($"/Forms/Fill/{id}", form));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("nejvýše 1 MB", refused.Html, StringComparison.Ordinal);
        }

        page = await citizen.GetAsync($"/Forms/Fill/{id}?step=0");
        using (var form = FormsFlowTests.Multipart(page, "plan", "plan.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")))
        {
            var accepted = await citizen.ToPage(await citizen.Http.PostAsync($"/Forms/Fill/{id}", form));
            Assert.True(accepted.Has("a[href^='/Forms/Attachments/']"), accepted.Html);
        }
    }

    [Fact]
    public async Task A_version_published_by_another_instance_is_read_from_the_database_before_this_one_refreshes()
    {
        // Stored as another instance's publication would be, behind this instance's catalogue.
        var dog = FormCatalog.EmbeddedDefinitions().Where(f => f.Code == "poplatek-psi").MaxBy(f => f.Version)!;
        var code = Code();
        var elsewhere = dog with { Code = code, Version = 1 };
        await using (var session = app.Service<Marten.IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            session.Store(new Portal.Forms.Infrastructure.StoredFormDefinition { Id = elsewhere.Id, Code = code, Version = 1, Definition = elsewhere, PublishedAt = DateTimeOffset.UtcNow, PublishedBy = "jiná instance" });
            await session.SaveChangesAsync();
        }

        using var town = Portal.Shared.Towns.TownContext.Enter(PortalApp.TownId);
        await using var scope = app.Services.CreateAsyncScope();
        var reading = await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync<Portal.Forms.Contracts.FeeRegistrationReading>(
            new Portal.Forms.Contracts.ReadFeeRegistration(code, 1, new Dictionary<string, string> { ["drzitel.name"] = "Jan Jinde", ["psi#count"] = "1", ["psi[0].jmeno"] = "Alík", ["psi[0].od"] = "2026-02-01" }));
        Assert.Equal("Jan Jinde", reading.Data?.PayerName);
        Assert.Equal("Alík", reading.Data?.Subjects.Single().Name);
    }
}
