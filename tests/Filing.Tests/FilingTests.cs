using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Portal.Filing.Domain;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Filing.Tests;

/// <summary>The podatelna through the real host: registration, numbering, the clerk's steps, the citizen's view.</summary>
public sealed partial class FilingTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>A complete general submission (obecné podání) for an agenda, sent through the API.</summary>
    private static async Task<Guid> SendGeneralSubmission(PortalClient client, string agenda, string subject)
    {
        var created = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var revision = (await client.GetJsonAsync<JsonElement>($"/api/forms/drafts/{id}")).GetProperty("revision").GetInt32();
        var step0 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/0", new
        {
            revision,
            next = true,
            values = new Dictionary<string, string> { ["podatel.name"] = "Tereza Testovací", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" },
        });
        revision = (await step0.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32();
        var step1 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new
        {
            revision,
            next = true,
            values = new Dictionary<string, string> { ["agenda"] = agenda, ["vec"] = subject, ["text"] = "Prosím o vyřízení této věci, děkuji." },
        });
        var saved = await step1.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(saved.GetProperty("errors").EnumerateObject());
        var submitted = await client.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision = saved.GetProperty("revision").GetInt32() });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return id;
    }

    [Fact]
    public async Task Two_hundred_concurrent_submissions_get_two_hundred_distinct_gap_free_numbers()
    {
        // Ten citizens with twenty drafts each (a citizen keeps at most thirty open).
        var citizens = new List<PortalClient>();
        for (var c = 0; c < 10; c++)
        {
            citizens.Add((await app.CitizenAsync()).Client);
        }

        var ids = new List<Guid>();
        var drafts = new List<(Guid Id, int Revision, PortalClient Client)>();
        for (var i = 0; i < 200; i++)
        {
            var client = citizens[i % 10];
            var created = await client.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var r0 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/0", new { revision = 1, next = true, values = new Dictionary<string, string> { ["podatel.name"] = "Tereza", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Demo", ["adresa.zip"] = "10000" } });
            var rev = (await r0.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32();
            var r1 = await client.Http.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new { revision = rev, next = true, values = new Dictionary<string, string> { ["agenda"] = "filing", ["vec"] = "Věc " + i, ["text"] = "Souběžné podání číslo " + i } });
            drafts.Add((id, (await r1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32(), client));
            ids.Add(id);
        }

        var answers = await Task.WhenAll(drafts.Select(d => d.Client.PostJsonAsync($"/api/forms/drafts/{d.Id}/submission", new { revision = d.Revision })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var registered = await Task.WhenAll(ids.Select(app.RegisteredAsync));

        var sequences = registered.Select(s => s.Sequence).Order().ToList();
        var first = sequences[0];
        Assert.Equal(Enumerable.Range(first, 200), sequences);
        Assert.Equal(200, registered.Select(s => s.ReferenceNumber).Distinct().Count());
        Assert.Equal(200, registered.Select(s => s.Identifier).Distinct().Count());
        citizens.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Completion_requested_answered_approved_closed_and_the_citizen_sees_every_step()
    {
        var (citizen, email) = await app.CitizenAsync();
        var id = await SendGeneralSubmission(citizen, "building", "Kácení lípy");
        var registered = await app.RegisteredAsync(id);
        using var clerk = await app.ClerkAsync("building");

        var inbox = await clerk.GetAsync("/Filing/Inbox?agenda=building&view=New");
        Assert.Contains(registered.ReferenceNumber, inbox.Text("[data-testid=inbox]"));

        var page = await clerk.StepAsync(id, "Start");
        Assert.Equal("vyřizuje se", page.Text("[data-testid=status]"));
        Assert.Contains("Vyřizování je zahájeno", page.Text("[data-testid=done]"));

        var tooShort = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
        Assert.Contains("alespoň 5 znaků", tooShort.Text(".error-summary"));

        var past = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Doložte prosím souhlas vlastníka pozemku.", ["AnswerBy"] = "2020-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, past.Status);
        var answerBy = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).DateTime).AddDays(15);
        page = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Doložte prosím souhlas vlastníka pozemku.", ["AnswerBy"] = answerBy.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal("čeká na doplnění", page.Text("[data-testid=status]"));
        Assert.Contains("Doložte prosím souhlas", (await app.Mail.WaitForAsync(email, 4)).Body); // after verification, receipt, "handling started"

        var mine = await citizen.GetAsync($"/Submissions/{id}");
        Assert.Equal("čeká na doplnění", mine.Text("[data-testid=status]"));
        Assert.Equal("Doložte prosím souhlas vlastníka pozemku.", mine.Text("[data-testid=requested]"));
        Assert.Equal($"Odpovězte prosím do {answerBy.Day}. {answerBy.Month}. {answerBy.Year}.", mine.Text("[data-testid=answer-by]"));
        var home = await citizen.GetAsync("/");
        Assert.Contains("Doložte prosím souhlas vlastníka pozemku.", home.Text("[data-testid=home-submissions]"));
        mine = await citizen.SubmitAsync(mine, "main form", new Dictionary<string, string?> { ["Answer"] = "Souhlas vlastníka přikládám poštou, jsem jediný vlastník." });
        Assert.Equal("vyřizuje se", mine.Text("[data-testid=status]"));

        // A decision is confirmed before it is recorded: the first post only asks.
        var asked = await clerk.SubmitAsync(await clerk.GetAsync($"/Filing/Case/{id}"), "main form[data-action=Decide]", new Dictionary<string, string?> { ["outcome"] = "PartlyApproved", ["Text"] = "Povoluje se ořez, nikoli kácení." }, ("action", "Decide"));
        Assert.Contains("vyhověno částečně", asked.Text("[data-testid=confirm]"));
        Assert.Equal("vyřizuje se", asked.Text("[data-testid=status]"));
        page = await clerk.SubmitAsync(asked, "[data-testid=confirm] form", null, ("action", "Decide"));
        Assert.Equal("rozhodnuto – vyhověno částečně", page.Text("[data-testid=status]"));
        page = await clerk.StepAsync(id, "Close");
        Assert.Equal("uzavřeno – vyhověno částečně", page.Text("[data-testid=status]"));

        var timeline = (await citizen.GetAsync($"/Submissions/{id}")).Text("[data-testid=timeline]");
        var decided = await citizen.GetAsync($"/Submissions/{id}");
        Assert.Contains("vyhověno částečně", decided.Text("[data-testid=decision]"));
        Assert.Contains("Povoluje se ořez, nikoli kácení.", decided.Text("[data-testid=decision]"));
        foreach (var step in new[] { "Zapsáno do podacího deníku", "Zahájeno vyřizování", "Výzva k doplnění", "Doplněno občanem", "Vyhověno částečně", "Uzavřeno" })
        {
            Assert.Contains(step, timeline);
        }

        // The deadline paused while the office waited for the citizen.
        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        var done = await session.LoadAsync<Submission>(id);
        Assert.Single(done!.Pauses); // whole days: a wait that began and ended today moves the deadline by none
        Assert.Equal(SubmissionStatus.Closed, done.Status);
        citizen.Dispose();
    }

    [Fact]
    public async Task An_answer_carries_files_checked_by_content_and_only_the_right_people_open_them()
    {
        var (citizen, _) = await app.CitizenAsync();
        var id = await SendGeneralSubmission(citizen, "registry", "Oprava zápisu");
        await app.RegisteredAsync(id);
        using var clerk = await app.ClerkAsync("registry");
        var page = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Doložte kopii oddacího listu." });
        Assert.Equal("čeká na doplnění", page.Text("[data-testid=status]"));

        async Task<Page> Answer(string fileName, byte[] content)
        {
            var detail = await citizen.GetAsync($"/Submissions/{id}");
            using var form = new MultipartFormDataContent
            {
                { new StringContent(detail.Document.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new StringContent("Přikládám kopii oddacího listu."), "Answer" },
                { new ByteArrayContent(content), "Files", fileName },
            };
            return await citizen.ToPage(await citizen.Http.PostAsync($"/Submissions/{id}", form));
        }

        var disguised = await Answer("oddaci-list.pdf", [0x4D, 0x5A, 0x90, 0x00]);
        Assert.Contains("nepřijímáme", disguised.Text("#Files-error"));
        Assert.Equal("čeká na doplnění", disguised.Text("[data-testid=status]"));

        var answered = await Answer("oddaci-list.pdf", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34]);
        Assert.Equal("vyřizuje se", answered.Text("[data-testid=status]"));
        var link = answered.Document.QuerySelector("[data-testid=timeline] a[href^='/Filing/Attachments/']")!.GetAttribute("href")!;

        Assert.Equal(HttpStatusCode.OK, (await clerk.Http.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await citizen.Http.GetAsync(link)).StatusCode);
        var (stranger, _) = await app.CitizenAsync("Cizí Člověk");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(link)).StatusCode);
        using var otherClerk = await app.ClerkAsync("fees");
        Assert.Equal(HttpStatusCode.NotFound, (await otherClerk.Http.GetAsync(link)).StatusCode);
        citizen.Dispose();
        stranger.Dispose();
    }

    [Fact]
    public async Task Citizens_and_clerks_reach_only_their_own_submissions_and_agendas()
    {
        var (citizen, _) = await app.CitizenAsync();
        var id = await SendGeneralSubmission(citizen, "registry", "Duplikát rodného listu");
        await app.RegisteredAsync(id);

        var (stranger, _) = await app.CitizenAsync("Cizí Člověk");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/Submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/Filing/Inbox")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/Filing/Register")).Status);

        using var fees = await app.ClerkAsync("fees");
        Assert.Equal(HttpStatusCode.NotFound, (await fees.Http.GetAsync($"/Filing/Case/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fees.GetAsync("/Filing/Inbox?agenda=registry")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fees.GetAsync("/Filing/Register")).Status);
        Assert.DoesNotContain(id.ToString(), (await fees.GetAsync("/Filing/Inbox?agenda=fees&view=All")).Html);

        using var registry = await app.ClerkAsync("registry");
        Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync($"/Filing/Case/{id}")).Status);
        citizen.Dispose();
        stranger.Dispose();
    }

    [Fact]
    public async Task The_filing_office_reads_every_case_acts_only_on_its_own_and_everyone_sees_the_form_by_its_labels()
    {
        var (citizen, _) = await app.CitizenAsync("Hana Štítková");
        var id = await SendGeneralSubmission(citizen, "building", "Oplocení zahrady");
        var registered = await app.RegisteredAsync(id);

        // The citizen sees what was sent as the form showed it: step titles, labels, the choice by its text.
        var mine = await citizen.GetAsync($"/Submissions/{id}");
        var content = mine.Text("[data-testid=content]");
        Assert.Contains("Oplocení zahrady", content);
        Assert.Contains("Lipová 12, 100 00 Město Demo", content);
        Assert.Contains("Stavební úřad", content);
        Assert.DoesNotContain("adresa.city", content);
        Assert.Contains("vyřídíme nejpozději", mine.Text("main"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(registered.ReferenceNumber, (await citizen.GetAsync("/")).Text("[data-testid=home-submissions]"));

        // Another citizen's home shows none of it.
        var (stranger, _) = await app.CitizenAsync("Cizí Domácí");
        var theirs = await stranger.GetAsync("/");
        Assert.DoesNotContain(registered.ReferenceNumber, theirs.Html);
        Assert.Contains("Nemáte žádné otevřené podání.", theirs.Text("[data-testid=home-submissions]"));
        stranger.Dispose();

        // The filing office opens it from the register, read-only: no step form, and a step posted anyway is refused.
        using var filing = await app.ClerkAsync("filing");
        var register = await filing.GetAsync("/Filing/Register?agenda=building");
        var link = register.Document.QuerySelectorAll("[data-testid=register] a").Single(a => a.TextContent == registered.ReferenceNumber).GetAttribute("href")!;
        var readOnly = await filing.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, readOnly.Status);
        Assert.Contains("Jen ke čtení", readOnly.Text("[data-testid=read-only]"));
        Assert.Empty(readOnly.Document.QuerySelectorAll("main form[data-action]"));
        Assert.DoesNotContain("adresa.city", readOnly.Text("[data-testid=content]"));
        var token = readOnly.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await filing.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "Start", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(SubmissionStatus.New, (await app.RegisteredAsync(id)).Status);

        // An empty view says so instead of showing an empty table.
        using var registry = await app.ClerkAsync("registry");
        var empty = await registry.GetAsync("/Filing/Inbox?agenda=registry&view=Overdue");
        Assert.Contains("Žádné podání není po lhůtě.", empty.Text("[data-testid=inbox-empty]"));
        Assert.Equal("(0)", empty.Text("[data-testid=count-Overdue]"));
        citizen.Dispose();
    }

    [Fact]
    public async Task A_clerk_never_works_their_own_submission_and_a_formula_in_a_name_stays_text_in_the_CSV()
    {
        using var clerk = await app.ClerkAsync("building", "filing");
        var id = await SendGeneralSubmission(clerk, "building", "Moje vlastní žádost");
        await app.RegisteredAsync(id);
        var refused = await clerk.StepAsync(id, "Start");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("§ 14", refused.Text(".error-summary"));

        // Another clerk of the agenda handles it.
        using var colleague = await app.ClerkAsync("building");
        var started = await colleague.StepAsync(id, "Start");
        Assert.Equal("vyřizuje se", started.Text("[data-testid=status]"));

        var (citizen, _) = await app.CitizenAsync("=HYPERLINK(\"http://evil.example\";\"klik\")");
        var evil = await app.RegisteredAsync(await SendGeneralSubmission(citizen, "building", "Dotaz"));
        var csv = await clerk.Http.GetStringAsync("/Filing/Register.csv?agenda=building");
        var line = csv.Split("\r\n").Single(l => l.Contains(evil.Identifier, StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(", line, StringComparison.Ordinal);
        Assert.DoesNotContain(";=HYPERLINK", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_recorded_before_outcomes_existed_reads_as_granted_or_refused()
    {
        var projected = new Submission();
        projected.Apply(new Decided(false, "Nelze vyhovět.", Guid.NewGuid(), "Úředník", DateTimeOffset.UtcNow)); // an old event: no outcome
        Assert.Equal(Outcome.Rejected, projected.Outcome);

        // A document projected before the field existed has only the flag.
        var stored = new Submission { Status = SubmissionStatus.Closed, Approved = true };
        Assert.Equal(Outcome.Approved, stored.DecisionOutcome());
        Assert.Null(new Submission { Status = SubmissionStatus.InProgress }.DecisionOutcome());
    }

    [Fact]
    public void Every_CSV_cell_is_quoted_and_none_starts_a_formula() =>
        CsCheck.Check.Sample(CsCheck.Gen.String, value =>
        {
            var cell = Portal.Shared.Text.CsvCell.Text(value);
            var inner = cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            return cell[0] == '"' && cell[^1] == '"'
                && !cell[1..^1].Replace("\"\"", string.Empty, StringComparison.Ordinal).Contains('"', StringComparison.Ordinal)
                && (inner.Length == 0 || "=+-@\t\r\n".IndexOf(inner[0], StringComparison.Ordinal) < 0)
                && (inner == value || inner == "'" + value);
        });

    [Fact]
    public async Task The_register_exports_as_CSV()
    {
        var (citizen, _) = await app.CitizenAsync("Jiří Exportní");
        var id = await SendGeneralSubmission(citizen, "fees", "Dotaz k poplatku");
        var registered = await app.RegisteredAsync(id);
        using var filing = await app.ClerkAsync("filing");
        var register = await filing.GetAsync("/Filing/Register?agenda=fees");
        Assert.Contains(registered.ReferenceNumber, register.Text("[data-testid=register]"));

        var csv = await filing.Http.GetStringAsync($"/Filing/Register.csv?agenda=fees");
        var line = csv.Split("\r\n").Single(l => l.Contains(registered.Identifier, StringComparison.Ordinal));
        var header = csv.Split("\r\n")[0];

        // Stable parts only: the sequence, ids, times and digests differ from run to run.
        var normalised = Volatile().Replace(line, "#");
        Snapshot.Match(new[] { header, normalised });
        citizen.Dispose();
    }

    [Fact]
    public async Task A_registered_submission_holds_what_was_sent()
    {
        var (citizen, _) = await app.CitizenAsync("Karel Snímek");
        var id = await SendGeneralSubmission(citizen, "filing", "Žádost o informaci");
        var registered = await app.RegisteredAsync(id);
        Assert.Matches(@"^MDEMO \d+/\d{4}$", registered.ReferenceNumber);
        Assert.Equal(0, registered.DeliveredAt.Millisecond);
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
        var deliveredOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(registered.DeliveredAt, prague).DateTime);
        Assert.Equal(Portal.Shared.Time.CzechCalendar.PeriodEnd(deliveredOn, 30), registered.DeadlineOn(prague, registered.DeliveredAt));
        Snapshot.Match(registered, o => o
            .IgnoreField("Id").IgnoreField("Year").IgnoreField("Sequence").IgnoreField("ReferenceNumber").IgnoreField("Identifier")
            .IgnoreField("DeliveredAt").IgnoreField("RegisteredAt").IgnoreField("CitizenId").IgnoreField("CitizenEmail").IgnoreField("Digest")
            .IgnoreField("LastChangeAt").IgnoreField("Deadline").IgnoreField("Values['podatel.email']"));
        Assert.Null(registered.Outcome);
        Assert.Null(registered.Requested);
        citizen.Dispose();
    }

    /// <summary>
    /// A password account may call itself anything: the clerk sees, wherever a sender is shown, that its name is not
    /// verified, and beside a NIA sender at which level it was; the citizen's receipt says the same.
    /// </summary>
    [Fact]
    public async Task Clerks_see_how_each_sender_was_identified_and_a_self_chosen_name_never_looks_verified()
    {
        var (impostor, _) = await app.CitizenAsync("Jana Dvořáková");
        var unverified = await SendGeneralSubmission(impostor, "filing", "Heslem");
        var (verifiedCitizen, _) = await app.NiaCitizenAsync("Jana", "Dvořáková", "1980-05-15");
        var verified = await SendGeneralSubmission(verifiedCitizen, "filing", "Přes NIA");
        var a = await app.RegisteredAsync(unverified);
        var b = await app.RegisteredAsync(verified);
        Assert.Equal("email", a.Identification);
        Assert.Equal("nia-substantial", b.Identification);

        using var filing = await app.ClerkAsync("filing");
        const string NotVerified = "neověřeno – jen e-mail a heslo";
        const string Verified = "ověřeno přes NIA (úroveň značná)";
        Assert.Contains(NotVerified, (await filing.GetAsync($"/Filing/Case/{unverified}")).Text("[data-testid=identification]"));
        Assert.Contains(Verified, (await filing.GetAsync($"/Filing/Case/{verified}")).Text("[data-testid=identification]"));

        foreach (var list in new[] { "/Filing/Inbox?view=All", "/Filing/Register" })
        {
            var page = await filing.GetAsync(list);
            var rows = page.Document.QuerySelectorAll("tbody tr");
            var rowA = rows.Single(r => r.TextContent.Contains(a.ReferenceNumber, StringComparison.Ordinal));
            var rowB = rows.Single(r => r.TextContent.Contains(b.ReferenceNumber, StringComparison.Ordinal));
            Assert.Contains(NotVerified, rowA.TextContent);
            Assert.DoesNotContain("ověřeno přes NIA", rowA.TextContent);
            Assert.Contains(Verified, rowB.TextContent);
        }

        Assert.Contains(NotVerified, (await impostor.GetAsync($"/Submissions/{unverified}/Receipt")).Text("[data-testid=identification]"));
        Assert.Contains(Verified, (await verifiedCitizen.GetAsync($"/Submissions/{verified}/Receipt")).Text("[data-testid=identification]"));
        var csv = await filing.Http.GetStringAsync("/Filing/Register.csv");
        Assert.Contains(NotVerified, csv.Split("\r\n").Single(l => l.Contains(a.Identifier, StringComparison.Ordinal)));
        impostor.Dispose();
        verifiedCitizen.Dispose();
    }

    /// <summary>
    /// A submission whose registration was replayed later than one that arrived after it gets the later number; the
    /// register shows beside each number when it arrived (to the second) and when it was numbered, marks the entry
    /// numbered out of its arrival order, and lists by arrival on request. Dates typed far out are no error.
    /// </summary>
    [Fact]
    public async Task The_register_shows_the_arrival_beside_each_number_and_marks_one_numbered_out_of_arrival_order()
    {
        var first = Guid.NewGuid();
        var later = Guid.NewGuid();
        var arrived = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero); // a day and year of their own in this class's register
        static Portal.Forms.Contracts.FormSubmitted Sent(Guid id, string subject, DateTimeOffset at) =>
            new(id, "obecne-podani", 1, "Obecné podání", "registry", Guid.NewGuid(), "Vlasta Pořadová", null, new Dictionary<string, string> { ["vec"] = subject }, [], "00", at, "email");

        // The later arrival is registered first; the earlier one only after (its message was replayed from the dead letters).
        await app.PublishAsync(Sent(later, "Druhé", arrived.AddMinutes(5)));
        var numberedFirst = await app.RegisteredAsync(later);
        await app.PublishAsync(Sent(first, "První", arrived));
        var numberedLater = await app.RegisteredAsync(first);
        Assert.True(numberedLater.Sequence > numberedFirst.Sequence);
        Assert.NotNull(numberedLater.RegisteredAt);

        using var filing = await app.ClerkAsync("filing");
        var register = await filing.GetAsync("/Filing/Register?from=2025-03-03&to=2025-03-03");
        var rows = register.Document.QuerySelectorAll("[data-testid=register] tbody tr").ToList();
        var replayed = rows.Single(r => r.TextContent.Contains(numberedLater.Identifier, StringComparison.Ordinal));
        Assert.NotNull(replayed.QuerySelector("[data-testid=out-of-order]"));
        Assert.Null(rows.Single(r => r.TextContent.Contains(numberedFirst.Identifier, StringComparison.Ordinal)).QuerySelector("[data-testid=out-of-order]"));
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
        Assert.Contains(TimeZoneInfo.ConvertTime(numberedLater.DeliveredAt, prague).ToString("H:mm:ss", System.Globalization.CultureInfo.InvariantCulture), replayed.QuerySelector("[data-testid=delivered]")!.TextContent);

        var byArrival = await filing.GetAsync("/Filing/Register?from=2025-03-03&to=2025-03-03&order=delivered");
        var identifiers = byArrival.Document.QuerySelectorAll("[data-testid=register] tbody tr").Select(r => r.TextContent).ToList();
        Assert.True(identifiers.FindIndex(t => t.Contains(numberedLater.Identifier, StringComparison.Ordinal)) < identifiers.FindIndex(t => t.Contains(numberedFirst.Identifier, StringComparison.Ordinal)));

        foreach (var query in new[] { "?to=9999-12-31", "?from=0001-01-01", "?from=0001-01-01&to=9999-12-31" })
        {
            var page = await filing.GetAsync("/Filing/Register" + query);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(numberedLater.ReferenceNumber, page.Html);
            Assert.Equal(HttpStatusCode.OK, (await filing.Http.GetAsync("/Filing/Register.csv" + query)).StatusCode);
        }
    }

    [GeneratedRegex(@"MDEMOX?\s?[0-9/]+|\d{1,2}\. \d{1,2}\. \d{4}( \d{1,2}:\d{2}:\d{2})?|[0-9A-F]{64}|^\d+")]
    private static partial Regex Volatile();
}
