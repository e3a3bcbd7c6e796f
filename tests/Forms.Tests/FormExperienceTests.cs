using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Forms.Tests;

/// <summary>
/// What a person filling in a form meets (issue "Experience"): errors that name the exact part, what was typed kept
/// even when it does not read, dates written the Czech way, required fields marked, a field that depends on a choice
/// drawn with its condition, another window's changes shown per field, and a draft deleted only after a confirmation.
/// </summary>
public sealed class FormExperienceTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Errors_name_the_exact_part_and_a_date_that_does_not_read_stays_as_typed()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("poplatek-psi");
        var step0 = await client.GetAsync($"/Forms/Fill/{id}");
        Assert.Contains("Pole označená * jsou povinná.", step0.Text("[data-testid=required-note]"));
        Assert.Equal("true", step0.Document.QuerySelector("#f-adresa-zip")!.GetAttribute("aria-required"));
        Assert.True(step0.Document.QuerySelector("#f-adresa-zip")!.HasAttribute("required"));

        var invalid = await client.SubmitAsync(step0, "main form", new Dictionary<string, string?>
        {
            ["v:drzitel.name"] = "Tereza Testovací",
            ["v:drzitel.birthDate"] = "15. 2. 1980",
            ["v:adresa.street"] = "Lipová 12",
            ["v:adresa.city"] = "Město Demo",
            ["v:adresa.zip"] = "1000",
        }, ("action", "next"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("Adresa trvalého pobytu – PSČ: PSČ má pět číslic", invalid.Text(".error-summary"));
        Assert.Equal("15. 2. 1980", invalid.Document.QuerySelector("#f-drzitel-birthDate")!.GetAttribute("value"));
        var stored = await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}");
        Assert.Equal("1980-02-15", stored.GetProperty("values").GetProperty("drzitel.birthDate").GetString());

        var step1 = await client.SubmitAsync(invalid, "main form", new Dictionary<string, string?> { ["v:adresa.zip"] = "100 00" }, ("action", "next"));
        var twoDogs = await client.SubmitAsync(step1, "main form", new Dictionary<string, string?>
        {
            ["v:psi[0].jmeno"] = "Rex",
            ["v:psi[0].plemeno"] = "kříženec",
            ["v:psi[0].cip"] = "203164000123456",
            ["v:psi[0].od"] = "1. 3. 2026",
        }, ("action", "add:psi"));
        var wrong = await client.SubmitAsync(twoDogs, "main form", new Dictionary<string, string?>
        {
            ["v:psi[1].jmeno"] = "Bety",
            ["v:psi[1].plemeno"] = "jezevčík",
            ["v:psi[1].cip"] = "203164000654321",
            ["v:psi[1].od"] = "31.2.2026",
        }, ("action", "next"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("Pes 2 – držitelem od: zadejte platné datum ve tvaru 15. 2. 1980.", wrong.Text(".error-summary"));
        Assert.DoesNotContain("Pes 1", wrong.Text(".error-summary"));
        Assert.Equal("31.2.2026", wrong.Document.QuerySelector("#f-psi-1-od")!.GetAttribute("value"));
        Assert.Equal("1. 3. 2026", wrong.Document.QuerySelector("#f-psi-0-od")!.GetAttribute("value"));
        Assert.NotNull(wrong.Document.QuerySelector(".error-summary[data-focus-on-load]"));
        client.Dispose();
    }

    [Fact]
    public async Task A_field_that_depends_on_a_choice_is_drawn_hidden_with_its_condition_and_shown_once_chosen()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("poplatek-psi");
        var step2 = await client.GetAsync($"/Forms/Fill/{id}?step=2");
        var wrapper = step2.Document.QuerySelector("#f-doklad-file")!.Closest(".conditional")!;
        Assert.True(wrapper.HasAttribute("hidden"));
        Assert.Equal("ulevy", wrapper.GetAttribute("data-when-field"));
        Assert.Equal("duchodce,ztp", wrapper.GetAttribute("data-when-in"));

        var saved = await client.SubmitAsync(step2, "main form", new Dictionary<string, string?> { ["v:ulevy"] = "duchodce" }, ("action", "stay"));
        Assert.False(saved.Document.QuerySelector("#f-doklad-file")!.Closest(".conditional")!.HasAttribute("hidden"));
        client.Dispose();
    }

    [Fact]
    public async Task A_field_only_the_other_window_changed_is_taken_and_said_and_what_this_window_typed_stays()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var tab1 = await client.GetAsync($"/Forms/Fill/{id}");
        var tab2 = await client.GetAsync($"/Forms/Fill/{id}");
        await client.SubmitAsync(tab1, "main form", new Dictionary<string, string?> { ["v:adresa.street"] = "První 1" }, ("action", "save"));

        var clash = await client.SubmitAsync(tab2, "main form", new Dictionary<string, string?> { ["v:adresa.city"] = "Druhé Město" }, ("action", "save"));
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal("Druhé Město", clash.Document.QuerySelector("#f-adresa-city")!.GetAttribute("value"));
        Assert.Equal("První 1", clash.Document.QuerySelector("#f-adresa-street")!.GetAttribute("value"));
        Assert.Contains("ulice a číslo", clash.Text("[data-testid=taken]"));
        Assert.False(clash.Has("[data-testid=clash]"));

        var saved = await client.SubmitAsync(clash, "main form", null, ("action", "stay"));
        Assert.True(saved.Has("[data-testid=saved]"));
        var stored = (await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}")).GetProperty("values");
        Assert.Equal("První 1", stored.GetProperty("adresa.street").GetString());
        Assert.Equal("Druhé Město", stored.GetProperty("adresa.city").GetString());
        client.Dispose();
    }

    [Fact]
    public async Task A_text_refused_as_too_long_stays_in_the_field_to_be_shortened()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var step1 = await client.GetAsync($"/Forms/Fill/{id}?step=1");
        var typed = string.Concat(Enumerable.Repeat("Dlouhý text podání. ", 300));
        var refused = await client.SubmitAsync(step1, "main form", new Dictionary<string, string?> { ["v:vec"] = "Věc", ["v:text"] = typed }, ("action", "save"));
        Assert.Contains("příliš dlouhý", refused.Text(".error-summary"));
        Assert.Equal(typed, refused.Document.QuerySelector("#f-text")!.TextContent);
        Assert.Equal("Věc", refused.Document.QuerySelector("#f-vec")!.GetAttribute("value"));
        client.Dispose();
    }

    [Fact]
    public async Task A_draft_is_deleted_only_after_a_confirmation_and_the_page_says_so()
    {
        var (client, _) = await app.CitizenAsync();
        var id = await client.StartDraftAsync("obecne-podani");
        var list = await client.GetAsync("/Forms");
        Assert.Contains("Vyplnit: Obecné podání městskému úřadu", list.Document.QuerySelector("[data-testid=start-obecne-podani]")!.GetAttribute("aria-label"));

        var asked = await client.SubmitAsync(list, "[data-testid=drafts] form");
        Assert.Contains("Opravdu smazat", asked.Text("[data-testid=confirm-delete]"));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/api/forms/drafts/{id}")).StatusCode);

        var deleted = await client.SubmitAsync(asked, "[data-testid=confirm-delete] form");
        Assert.Contains("jsme smazali", deleted.Text("[data-testid=deleted]"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/api/forms/drafts/{id}")).StatusCode);
        client.Dispose();
    }
}
