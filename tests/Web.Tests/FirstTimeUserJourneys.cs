using System.Net;
using Microsoft.Playwright;
using Portal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Portal.Web.Tests;

/// <summary>
/// What a first-time citizen, clerk and administrator tripped over, walked again in a real browser, each page through
/// axe and the 320 px reflow check: controls big enough to hit, one-click destructive buttons that now ask first, a
/// condition typed as the designer sees it, the arrears list without a false error, the sent page saying what comes
/// next, the chart's months told apart, and the payment receipt's readable number.
/// </summary>
public sealed class FirstTimeUserJourneys(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_sends_a_form_and_is_told_what_happens_next_with_controls_big_enough_to_hit()
    {
        var (api, email) = await app.CitizenAsync("Věra Poprvé");
        var page = await app.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);
        await page.GotoAsync("/Forms");
        await page.GetByTestId("start-poplatek-psi").ClickAsync();

        // A refused step says so in its title; radios and checkboxes are at least 24 px.
        await page.GetByTestId("next").ClickAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Chyba: "));
        await page.GotoAsync(page.Url.Split('?')[0] + "?step=1");
        var box = await page.Locator("input[type=checkbox], input[type=radio]").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.Width >= 24 && box.Height >= 24, $"a check box of {box.Width}×{box.Height} px");

        // "Přidat další": the page opens at the new dog with the focus in its first field.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Přidat další") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#f-psi-1$"));
        await Expect(page.Locator("#f-psi-1-jmeno")).ToBeFocusedAsync();
        await BrowserFixture.Shot(page, "dog-form-new-item");

        // "Uložit a dokončit později" goes back to the list, which names the saved form.
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("saved")).ToContainTextAsync("uložili");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Forms#drafts$"));

        // A general submission sent: the page says what comes next and offers the receipt as PDF.
        var (id, revision) = await api.ReadyGeneralSubmissionAsync("Dotaz na svoz odpadu");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        await app.RegisteredAsync(id);
        await page.GotoAsync($"/Forms/Sent/{id}");
        await Expect(page.GetByTestId("what-next")).ToContainTextAsync("nejpozději do");
        await Expect(page.GetByTestId("receipt-pdf")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "sent-what-next");
        api.Dispose();
    }

    [Fact]
    public async Task Withdrawing_a_form_and_deactivating_a_clerk_each_ask_first_and_a_condition_takes_Ano()
    {
        var (manager, _) = await app.StaffAccountAsync([], formManager: true);
        var page = await app.NewPageAsync(manager);
        await page.GotoAsync("/Forms/Designer/Edit/kaceni-drevin");
        await page.GetByTestId("toggle-withdrawn").ClickAsync();
        await Expect(page.GetByTestId("confirm-withdraw")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "designer-confirm-withdraw");
        Assert.False(await page.GetByTestId("withdrawn").IsVisibleAsync()); // nothing happened yet
        await page.GetByTestId("confirm-withdraw-button").ClickAsync();
        await Expect(page.GetByTestId("withdrawn")).ToBeVisibleAsync();
        await page.GetByTestId("toggle-withdrawn").ClickAsync(); // back to citizens, no question needed
        await Expect(page.GetByTestId("withdrawn")).ToHaveCountAsync(0);

        // The designer offers the words it shows ("Ano, Ne"), not the internal yes/no.
        var design = await manager.GetAsync("/Forms/Designer/Edit/poplatek-psi");
        Assert.DoesNotContain("yes, no", design.Html, StringComparison.Ordinal);
        manager.Dispose();

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var (clerk, clerkEmail) = await app.StaffAccountAsync(["building"], formManager: false);
        clerk.Dispose();
        var staff = await app.NewPageAsync(admin);
        await staff.GotoAsync("/Admin/Staff");
        var row = staff.Locator("tr", new() { HasText = clerkEmail });
        await row.GetByTestId("toggle-active").ClickAsync();
        await Expect(staff.GetByTestId("confirm-deactivate")).ToBeVisibleAsync();
        await BrowserFixture.Shot(staff, "staff-confirm-deactivate");
        await Expect(staff.Locator("tr", new() { HasText = clerkEmail })).ToContainTextAsync("aktivní");
        await staff.GetByTestId("confirm-deactivate-button").ClickAsync();
        await Expect(staff.Locator("tr", new() { HasText = clerkEmail })).ToContainTextAsync("deaktivován");

        // The chart's months are told apart (červen and červenec are "čvn" and "čvc", not both "čer").
        await staff.GotoAsync("/Admin/Statistics");
        var labels = await staff.Locator(".chart svg text").AllTextContentsAsync();
        var months = labels.Where(l => l.Length == 3 && char.IsLetter(l[0])).ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal(12, months.Distinct().Count());
        await BrowserFixture.Shot(staff, "statistics-months");
    }

    [Fact]
    public async Task The_fees_clerk_opens_the_arrears_list_without_a_false_error_and_sees_only_the_clerks_menu()
    {
        var (clerk, _) = await app.StaffAccountAsync(["fees"], formManager: false);
        var page = await app.NewPageAsync(clerk);
        await page.GotoAsync("/Fees/Arrears");
        await Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("field is required");
        await Expect(page.Locator("nav a[aria-current=page]")).ToHaveAttributeAsync("href", "/Fees/Manage");
        await Expect(page.Locator("nav a[href='/Fees']")).ToHaveCountAsync(0);
        await BrowserFixture.Shot(page, "arrears-plain-visit");
        clerk.Dispose();
    }
}
