using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Fees.Contracts;
using Portal.Filing.Contracts;
using Portal.Forms.Contracts;
using Portal.Testing;

namespace Portal.Messages.Tests;

/// <summary>
/// The message centre against the real host: every event kind makes one message and at most one e-mail, also when the
/// event is delivered twice; preferences decide the copies, except what the law requires; a citizen reads only their
/// own messages.
/// </summary>
public sealed class MessageCentreTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static async Task<JsonElement> MessagesAsync(PortalClient client, string query = "") =>
        await client.GetJsonAsync<JsonElement>("/api/messages" + query);

    private static async Task<Guid> IdAsync(PortalClient client) =>
        (await client.Http.GetFromJsonAsync<JsonElement>("/api/identity/me")).GetProperty("id").GetGuid();

    private static async Task<JsonElement[]> WaitForMessagesAsync(PortalClient client, int count) =>
        await Wait.UntilAsync(async () => (await MessagesAsync(client)).GetProperty("items").EnumerateArray().ToArray() is { } items && items.Length >= count ? items : null);

    /// <summary>Every kind the modules publish, each twice (a redelivery): one message each, one e-mail each (defaults: every message).</summary>
    [Fact]
    public async Task Each_event_kind_makes_one_message_and_one_email_even_when_delivered_twice()
    {
        var (citizen, email) = await app.CitizenAsync("Marie Zprávová");
        var me = await IdAsync(citizen);
        var submission = Guid.NewGuid();
        var obligation = Guid.NewGuid();
        var payment = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        object[] events =
        [
            new SubmissionRegistered(submission, "MDEMO 7/2026", "MDEMOX0007", "filing", me, now, "Obecné podání", "ab12"),
            new SubmissionTaken(submission, "MDEMO 7/2026", "Obecné podání", me, "Jana Úřednice", false, now),
            new SubmissionCompletionRequested(submission, "MDEMO 7/2026", "Obecné podání", me, "Doložte prosím plnou moc.", due, now),
            new SubmissionDeadlineExtended(submission, "MDEMO 7/2026", "Obecné podání", me, 15, "Složitý případ.", due.AddDays(20), now.AddSeconds(1)),
            new SubmissionDecided(submission, "MDEMO 7/2026", "obecne-podani", 1, "filing", me, false, "Vyhověno zčásti, viz odůvodnění.", new Dictionary<string, string>(), now, "PartlyApproved", "Obecné podání"),
            new ObligationsAssessed([new AssessedObligation(obligation, me, "Poplatek ze psů", "Dog fee", 2026, 1500m, due, now)]),
            new PaymentsApplied([new AppliedPayment(payment, obligation, me, "Poplatek ze psů", "Dog fee", 2026, 1600m, 0m, 100m, now)]),
            new InstalmentRemindersDue([new InstalmentReminder(obligation, due, -14, me, "Marie Zprávová", null, "Poplatek ze psů", "Dog fee", 2026, 1500m, "2610000042", now)]),
            new InstalmentRemindersDue([new InstalmentReminder(obligation, due, 7, me, "Marie Zprávová", null, "Poplatek ze psů", "Dog fee", 2026, 1500m, "2610000042", now)]),
            new DraftExpiring(Guid.NewGuid(), me, "Ohlášení psa", due, now),
        ];
        foreach (var e in events.Concat(events))
        {
            await app.PublishAsync(e);
        }

        // Ten events, the payment also an overpayment: eleven kinds, each once.
        var items = await WaitForMessagesAsync(citizen, 11);
        await Task.Delay(1500); // a second delivery, were it to make anything, has had its time
        items = (await MessagesAsync(citizen)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(
            ["completion-requested", "deadline-extended", "draft-expiring", "fee-assessed", "instalment-due-soon", "instalment-overdue", "overpayment", "payment-received", "submission-decided", "submission-registered", "submission-taken"],
            items.Select(i => i.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(11, (await MessagesAsync(citizen)).GetProperty("unread").GetInt32());

        // The account's verification e-mail, then one copy per message.
        var mails = await Wait.UntilAsync(async () => app.Mail.For(email) is { Count: >= 12 } m ? m : null);
        await Task.Delay(500);
        mails = app.Mail.For(email);
        Assert.Equal(12, mails.Count);
        var asked = Assert.Single(mails, m => m.Subject.StartsWith("Úřad žádá doplnění podání MDEMO 7/2026", StringComparison.Ordinal));
        Assert.Contains("Doložte prosím plnou moc.", asked.Body, StringComparison.Ordinal);
        Assert.Contains("/Submissions/" + submission, asked.Body, StringComparison.Ordinal);
        Assert.Contains("posíláme e-mailem vždy", asked.Body, StringComparison.Ordinal);
        var reminder = Assert.Single(mails, m => m.Subject.StartsWith("Blíží se splatnost: Poplatek ze psů 2026", StringComparison.Ordinal));
        Assert.Contains("1\u00a0500,00\u00a0Kč", reminder.Body, StringComparison.Ordinal);
        Assert.Contains("/Messages/Settings", reminder.Body, StringComparison.Ordinal);
        Assert.Contains("Due soon: Dog fee 2026", reminder.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_decide_the_copies_but_a_request_for_completion_and_a_decision_always_go()
    {
        var (citizen, email) = await app.CitizenAsync("Petr Tichý");
        var me = await IdAsync(citizen);
        var settings = await citizen.GetAsync("/Messages/Settings");
        Assert.Contains("posíláme e-mailem vždy", settings.Document.QuerySelector("[data-testid=always-sent]")!.TextContent, StringComparison.Ordinal);
        var saved = await citizen.SubmitAsync(settings, "main form", new Dictionary<string, string?>
        {
            ["email-submissions"] = "None",
            ["email-fees"] = "ActionOnly",
            ["email-reminders"] = "All",
            ["email-drafts"] = "None",
        });
        Assert.Equal("/Messages/Settings", saved.Url.AbsolutePath);
        Assert.NotNull(saved.Document.QuerySelector("[data-testid=settings-status]"));
        Assert.Equal("None", saved.Document.QuerySelector("input[name=email-submissions][checked]")!.GetAttribute("value"));

        var s = Guid.NewGuid();
        var o = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await app.PublishAsync(new SubmissionTaken(s, "MDEMO 8/2026", "Obecné podání", me, "Jana Úřednice", true, now));
        await app.PublishAsync(new SubmissionCompletionRequested(s, "MDEMO 8/2026", "Obecné podání", me, "Pošlete přílohu.", null, now));
        await app.PublishAsync(new SubmissionDecided(s, "MDEMO 8/2026", "obecne-podani", 1, "filing", me, true, "Vyhověno v plném rozsahu.", new Dictionary<string, string>(), now, "Approved", "Obecné podání"));
        await app.PublishAsync(new ObligationsAssessed([new AssessedObligation(o, me, "Poplatek za odpad", "Waste fee", 2026, 900m, null, now)]));
        await app.PublishAsync(new PaymentsApplied([new AppliedPayment(Guid.NewGuid(), o, me, "Poplatek za odpad", "Waste fee", 2026, 900m, 0m, 0m, now)]));
        await app.PublishAsync(new DraftExpiring(Guid.NewGuid(), me, "Obecné podání", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), now));

        await WaitForMessagesAsync(citizen, 6);
        await Task.Delay(1500);
        var subjects = app.Mail.For(email).Skip(1).Select(m => m.Subject.Split(" / ")[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["O podání MDEMO 8/2026 je rozhodnuto: vyhověno", "Vyměřili jsme poplatek: Poplatek za odpad 2026", "Úřad žádá doplnění podání MDEMO 8/2026"], subjects);
    }

    [Fact]
    public async Task A_citizen_follows_a_request_for_completion_from_the_message_centre_and_marks_messages_read()
    {
        var (citizen, _) = await app.CitizenAsync("Alena Doplňující");
        var (draft, revision) = await citizen.ReadyGeneralSubmissionAsync("Žádost o kopii smlouvy");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{draft}/submission", new { revision })).StatusCode);
        var submission = await app.RegisteredAsync(draft);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(draft, "Claim");
        await clerk.StepAsync(draft, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Přiložte prosím kopii občanského průkazu." });

        var items = await WaitForMessagesAsync(citizen, 3);
        Assert.Equal(["completion-requested", "submission-taken", "submission-registered"], items.Select(i => i.GetProperty("kind").GetString()!).ToArray());
        Assert.Contains(submission.ReferenceNumber, items[2].GetProperty("title").GetString(), StringComparison.Ordinal);

        var home = await citizen.GetAsync("/");
        Assert.Equal("3", home.Document.QuerySelector("[data-testid=unread-count] [aria-hidden]")!.TextContent);

        var list = await citizen.GetAsync("/Messages?group=submissions");
        var first = list.Document.QuerySelector("[data-testid=messages] li[data-kind=completion-requested] h2 a")!;
        Assert.Contains("Přiložte prosím kopii občanského průkazu.", list.Document.QuerySelector("[data-testid=messages] li[data-kind=completion-requested]")!.TextContent, StringComparison.Ordinal);
        var opened = await citizen.GetAsync(first.GetAttribute("href")!);
        Assert.Equal($"/Submissions/{draft}", opened.Url.AbsolutePath);
        Assert.Equal(2, (await MessagesAsync(citizen)).GetProperty("unread").GetInt32());

        // Filtered to what is unread; one selected and marked; then all.
        var unread = await citizen.GetAsync("/Messages?unread=true");
        Assert.Equal(2, unread.Document.QuerySelectorAll("[data-testid=messages] li").Length);
        var one = unread.Document.QuerySelector("[data-testid=messages] input[name=ids]")!.GetAttribute("value");
        var marked = await citizen.SubmitAsync(unread, "main form[method=post]", new Dictionary<string, string?> { ["ids"] = one });
        Assert.Contains("1", marked.Document.QuerySelector("[data-testid=messages-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, (await MessagesAsync(citizen)).GetProperty("unread").GetInt32());
        var all = await citizen.SubmitAsync(await citizen.GetAsync("/Messages"), "main form[method=post]", null, ("all", "true"));
        Assert.Equal(0, (await MessagesAsync(citizen)).GetProperty("unread").GetInt32());
        Assert.Null(all.Document.QuerySelector("[data-testid=unread-count]"));
        Assert.Equal(3, (await MessagesAsync(citizen, "?group=submissions")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await MessagesAsync(citizen, "?group=fees")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Nobody_opens_or_lists_another_citizens_messages()
    {
        var (owner, _) = await app.CitizenAsync("Vlastník Zpráv");
        var (other, _) = await app.CitizenAsync("Zvědavý Soused");
        await app.PublishAsync(new DraftExpiring(Guid.NewGuid(), await IdAsync(owner), "Obecné podání", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), DateTimeOffset.UtcNow));
        var message = (await WaitForMessagesAsync(owner, 1))[0].GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Messages/{message}/open")).StatusCode);
        Assert.Equal(0, (await MessagesAsync(other)).GetProperty("total").GetInt32());
        // Marking it read with its id (a forged selection, with the neighbour's own antiforgery token) changes nothing.
        var token = (await other.GetAsync("/Messages/Settings")).Document.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await other.Http.PostAsync("/Messages?handler=Read", new FormUrlEncodedContent([new("ids", message.ToString()), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(1, (await MessagesAsync(owner)).GetProperty("unread").GetInt32());
        var refused = await other.Http.GetAsync("/api/messages?group=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Neznámý druh zpráv.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extended_deadline_is_counted_once_and_the_message_names_it()
    {
        var (citizen, _) = await app.CitizenAsync("Lenka Prodloužená");
        var (draft, revision) = await citizen.ReadyGeneralSubmissionAsync("Žádost o složité vyjádření");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{draft}/submission", new { revision })).StatusCode);
        var submission = await app.RegisteredAsync(draft);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(draft, "Start");
        var before = await citizen.GetJsonAsync<JsonElement>($"/api/submissions/{draft}");
        var deadline = DateOnly.Parse(before.GetProperty("submission").GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        await clerk.StepAsync(draft, "Extend", new Dictionary<string, string?> { ["Days"] = "10", ["Text"] = "Je třeba vyžádat stanovisko dotčeného orgánu." });
        var after = await citizen.GetJsonAsync<JsonElement>($"/api/submissions/{draft}");
        var extended = DateOnly.Parse(after.GetProperty("submission").GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var delivered = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(submission.DeliveredAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).DateTime);
        Assert.Equal(Portal.Shared.Time.CzechCalendar.PeriodEnd(delivered, 40), extended);
        Assert.True(extended > deadline);

        var items = await WaitForMessagesAsync(citizen, 3);
        var message = Assert.Single(items, i => i.GetProperty("kind").GetString() == "deadline-extended");
        Assert.Contains(extended.ToString("d. M. yyyy", System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("stanovisko dotčeného orgánu", message.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A batch of e-mail copies delivered again (the host was killed after some went out, before the batch was marked
    /// done) sends only what did not go out: each copy is recorded as sent with its write.
    /// </summary>
    [Fact]
    public async Task A_batch_of_email_copies_delivered_again_after_a_crash_sends_only_what_did_not_go_out()
    {
        var (citizen, email) = await app.CitizenAsync("Bohumil Dvojitý");
        var me = await IdAsync(citizen);
        var now = DateTimeOffset.UtcNow;
        await app.PublishAsync(new DraftExpiring(Guid.NewGuid(), me, "Ohlášení psa", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), now));
        await app.PublishAsync(new DraftExpiring(Guid.NewGuid(), me, "Obecné podání", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), now));
        var items = await WaitForMessagesAsync(citizen, 2);
        await app.Mail.WaitForAsync(email, 3); // the verification e-mail and the two copies

        // The same batch again, as the durable queue redelivers it after a crash: nothing goes out twice.
        var batch = new Portal.Messages.Features.SendMessageEmails(items.Select(i => new Portal.Messages.Features.EmailCopy(i.GetProperty("id").GetGuid(), email, "Bohumil Dvojitý")).ToList());
        await app.PublishAsync(batch);
        await app.PublishAsync(batch);
        await Task.Delay(1500);
        Assert.Equal(3, app.Mail.For(email).Count);
        citizen.Dispose();
    }
}
