using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>The form designer in a real browser: a form manager builds, previews and publishes; a citizen sends; a clerk reads.</summary>
public sealed class DesignerJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_manager_builds_a_form_with_a_condition_and_a_repeatable_group_a_citizen_sends_it_and_the_clerk_reads_its_labels()
    {
        var (_, managerEmail) = await app.StaffAccountAsync([], formManager: true);
        var code = "sal-" + Guid.NewGuid().ToString("N")[..6];
        var manager = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(manager, managerEmail);
        await manager.GetByTestId("designer-link").ClickAsync();
        await Expect(manager.GetByTestId("designs")).ToContainTextAsync("poplatek-psi");
        await BrowserFixture.Shot(manager, "designer-list");

        await manager.GetByLabel("Kód formuláře").FillAsync(code);
        await manager.GetByLabel("Název (česky)").FillAsync("Žádost o pronájem sálu");
        await manager.GetByLabel("Název (anglicky)").FillAsync("Request to rent the hall");
        await manager.GetByLabel("Agenda, které podání přijde").SelectOptionAsync("filing");
        await manager.GetByTestId("create-form").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Žádost o pronájem sálu");

        // A yes/no question…
        await manager.GetByTestId("add-field").First.ClickAsync();
        var editor = manager.GetByTestId("field-editor");
        await editor.GetByLabel("Druh pole").SelectOptionAsync("YesNo");
        await editor.GetByLabel("Popisek (česky)").FillAsync("Budete podávat občerstvení?");
        await editor.GetByLabel("Popisek (anglicky)").FillAsync("Will you serve refreshments?");
        await editor.GetByLabel("Klíč pole").FillAsync("obcerstveni");
        await editor.GetByLabel("Povinné pole").CheckAsync();
        await BrowserFixture.Shot(manager, "designer-field-editor");
        await editor.GetByTestId("save-field").ClickAsync();
        await Expect(manager.Locator("[data-testid=design-field][data-key=obcerstveni]")).ToBeVisibleAsync();

        // …and a repeatable group shown only when the answer is yes, with a field of its own.
        await manager.GetByTestId("add-field").First.ClickAsync();
        editor = manager.GetByTestId("field-editor");
        await editor.GetByLabel("Druh pole").SelectOptionAsync("Group");
        await editor.GetByLabel("Popisek (česky)").FillAsync("Dodavatel občerstvení");
        await editor.GetByLabel("Klíč pole").FillAsync("dodavatele");
        await editor.GetByText("Kdy se pole zobrazí").ClickAsync();
        await editor.GetByLabel("Zobrazit, jen když pole").SelectOptionAsync("obcerstveni");
        await editor.GetByLabel("má hodnotu").FillAsync("yes");
        await editor.GetByTestId("save-field").ClickAsync();
        await manager.Locator("[data-testid=design-field][data-key=dodavatele]").GetByTestId("add-field").ClickAsync();
        editor = manager.GetByTestId("field-editor");
        await editor.GetByLabel("Popisek (česky)").FillAsync("Název firmy");
        await editor.GetByLabel("Klíč pole").FillAsync("firma");
        await editor.GetByLabel("Povinné pole").CheckAsync();
        await editor.GetByTestId("save-field").ClickAsync();
        await Expect(manager.Locator("[data-testid=design-field][data-key=firma]")).ToBeVisibleAsync();
        await BrowserFixture.Shot(manager, "designer-edit");

        // The preview is the citizen's page: the group appears with the answer, and the messages are the real ones.
        await manager.GetByTestId("preview").ClickAsync();
        await Expect(manager.GetByTestId("preview-banner")).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("Název firmy")).ToBeHiddenAsync();
        await manager.GetByLabel("Ano").CheckAsync();
        await Expect(manager.GetByLabel("Název firmy")).ToBeVisibleAsync();
        await manager.GetByTestId("next").ClickAsync();
        await Expect(manager.Locator(".error-summary")).ToContainTextAsync("Dodavatel občerstvení 1 – název firmy: vyplňte prosím.");
        await BrowserFixture.Shot(manager, "designer-preview");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Zpět do návrháře" }).ClickAsync();

        await manager.GetByTestId("publish").ClickAsync();
        await Expect(manager.GetByTestId("design-status")).ToContainTextAsync("Zveřejněno jako verze 1");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Verze a historie změn" }).ClickAsync();
        await Expect(manager.GetByTestId("history")).ToContainTextAsync("zveřejněn");
        await BrowserFixture.Shot(manager, "designer-history");

        // A citizen finds it among the forms, answers yes, names the supplier, and sends it.
        var (_, citizenEmail) = await app.CitizenAsync("Olga Oslavná");
        var citizen = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(citizen, citizenEmail);
        await citizen.GotoAsync("/Forms");
        await citizen.GetByTestId("start-" + code).ClickAsync();
        await citizen.GetByLabel("Ano").CheckAsync();
        await citizen.GetByLabel("Název firmy").FillAsync("Catering U Lípy s.r.o.");
        await citizen.GetByTestId("next").ClickAsync();
        await Expect(citizen.Locator("main")).ToContainTextAsync("Catering U Lípy s.r.o.");
        await citizen.GetByTestId("submit").ClickAsync();
        await Expect(citizen.GetByTestId("reference-number")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var reference = await citizen.GetByTestId("reference-number").TextContentAsync();

        // The filing clerk reads it under the form's own labels, with its version.
        var (_, clerkEmail) = await app.StaffAccountAsync(["filing"], formManager: false);
        var clerk = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(clerk, clerkEmail);
        await clerk.GotoAsync("/Filing/Inbox?agenda=filing");
        await clerk.GetByRole(AriaRole.Link, new() { Name = reference! }).ClickAsync();
        await Expect(clerk.Locator("main")).ToContainTextAsync("Budete podávat občerstvení?");
        await Expect(clerk.Locator("main")).ToContainTextAsync("Dodavatel občerstvení 1 – název firmy");
        await Expect(clerk.GetByTestId("form-version")).ToContainTextAsync("verze 1");
    }
}
