using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Forms.Domain;
using Portal.Payments.Statements;
using Portal.Testing;

namespace Portal.Towns.Tests;

/// <summary>
/// Jobs never mix towns: the yearly assessment, the reminder run, the idle-draft sweep and a statement import started
/// in town A (Město Demo) change nothing in town B (Obec Vzor), while the same job in B does its work there.
/// </summary>
public sealed class JobsTests(TwoTownsApp app) : IClassFixture<TwoTownsApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

    private static object Dog(string payer, string from) => new
    {
        feeCode = "psi",
        payerName = payer,
        payerBirthDate = "1970-01-01",
        address = "Návesní 1, 100 00 Obec",
        from,
        subjects = new[] { new { name = "Pes " + payer, from } },
    };

    private static async Task<JsonElement> AssessedAsync(PortalClient clerk, int year) =>
        (await Wait.UntilAsync(async () =>
        {
            var runs = await clerk.GetJsonAsync<JsonElement[]>("/api/fees/assessments");
            return runs.FirstOrDefault(r => r.GetProperty("id").GetString() == $"psi-{year}") is { ValueKind: JsonValueKind.Object } run
                && run.GetProperty("status").GetString() == "Completed" ? new[] { run } : null;
        }))[0];

    [Fact]
    public async Task A_yearly_assessment_in_one_town_assesses_only_that_towns_payers()
    {
        using var clerkA = await app.ClerkAsync("fees");
        using var clerkB = await app.B.ClerkAsync("fees");
        Assert.Equal(HttpStatusCode.Created, (await clerkA.PostJsonAsync("/api/fees/registrations", Dog("Městský Pejskař", $"{Year - 1}-03-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await clerkB.PostJsonAsync("/api/fees/registrations", Dog("Obecní Pejskař", $"{Year - 1}-03-01"))).StatusCode);
        var next = Year + 1;

        Assert.Equal(HttpStatusCode.Accepted, (await clerkA.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = next })).StatusCode);
        var runA = await AssessedAsync(clerkA, next);
        Assert.True(runA.GetProperty("created").GetInt32() >= 1);

        // B: no run of that year, no obligation of that year for its payer, and its clerk does not see A's run.
        Assert.DoesNotContain(await clerkB.GetJsonAsync<JsonElement[]>("/api/fees/assessments"), r => r.GetProperty("id").GetString() == $"psi-{next}");
        var store = app.Service<IDocumentStore>();
        await using (var b = store.QuerySession(TwoTownsApp.TownB))
        {
            var payerB = await b.Query<Registration>().SingleAsync(r => r.PayerName == "Obecní Pejskař");
            Assert.Null(await b.LoadAsync<Obligation>(Obligation.IdFor(payerB.Id, next)));
            Assert.Null(await b.LoadAsync<AssessmentRun>($"psi-{next}"));
        }

        await using (var a = store.QuerySession(PortalApp.TownId))
        {
            var payerA = await a.Query<Registration>().SingleAsync(r => r.PayerName == "Městský Pejskař");
            Assert.NotNull(await a.LoadAsync<Obligation>(Obligation.IdFor(payerA.Id, next)));
            Assert.Equal(0, await a.Query<Registration>().CountAsync(r => r.PayerName == "Obecní Pejskař"));
        }

        // The same year in B is B's own run: it assesses B's payer, and A's count of its run stays.
        Assert.Equal(HttpStatusCode.Accepted, (await clerkB.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = next })).StatusCode);
        var runB = await AssessedAsync(clerkB, next);
        Assert.True(runB.GetProperty("created").GetInt32() >= 1);
        Assert.Equal(runA.GetProperty("created").GetInt32(), (await AssessedAsync(clerkA, next)).GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task The_reminder_run_of_one_town_reminds_only_that_towns_payers()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Prague).DateTime);
        var due = today.AddDays(20);
        Assert.True(due.Year == Year, "the test needs a due date in this year; it runs before 11 December");
        var store = app.Service<IDocumentStore>();
        foreach (var town in new[] { PortalApp.TownId, TwoTownsApp.TownB })
        {
            await using var session = store.LightweightSession(town);
            var fee = (await session.LoadAsync<FeeKind>("psi"))!;
            fee.RatesFor(Year)!.DueDates = [due];
            session.Store(fee);
            await session.SaveChangesAsync();
        }

        using var clerkA = await app.ClerkAsync("fees");
        using var clerkB = await app.B.ClerkAsync("fees");
        var (owingA, _) = await app.PayerAsync(clerkA, "psi", "Upomínaný", "Městský", "1971-01-11");
        var (owingB, _) = await app.B.PayerAsync(clerkB, "psi", "Upomínaný", "Obecní", "1971-01-12");

        // Fourteen days before the due date in the morning in Prague: A's run only.
        var reminderDay = due.AddDays(-14);
        var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(reminderDay.ToDateTime(new TimeOnly(7, 0)), Prague), TimeSpan.Zero);
        Assert.Equal(reminderDay, await app.Service<ReminderClock>().QueueAsync(PortalApp.TownId, at, CancellationToken.None));
        await Wait.UntilAsync(async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            return await query.LoadAsync<ReminderRun>(ReminderRun.IdFor(reminderDay)) is { Status: ReminderRunStatus.Finished } run ? new[] { run } : null;
        });
        static async Task<string[]> KindsAsync(PortalClient citizen) =>
            (await citizen.GetJsonAsync<JsonElement>("/api/messages")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).ToArray();
        Assert.Contains("instalment-due-soon", await Wait.UntilAsync(async () => await KindsAsync(owingA) is { Length: > 0 } k ? k : null));

        await Task.Delay(1500);
        Assert.DoesNotContain("instalment-due-soon", await KindsAsync(owingB));
        await using (var b = store.QuerySession(TwoTownsApp.TownB))
        {
            Assert.Null(await b.LoadAsync<ReminderRun>(ReminderRun.IdFor(reminderDay)));
        }

        // B's own run that day reminds B's payer.
        Assert.Equal(reminderDay, await app.Service<ReminderClock>().QueueAsync(TwoTownsApp.TownB, at, CancellationToken.None));
        Assert.Contains("instalment-due-soon", await Wait.UntilAsync(async () => await KindsAsync(owingB) is { Length: > 0 } k ? k : null));
        owingA.Dispose();
        owingB.Dispose();
    }

    [Fact]
    public async Task The_operators_draft_sweep_of_one_town_leaves_the_other_towns_idle_drafts()
    {
        var (citizenA, _) = await app.CitizenAsync();
        var (citizenB, _) = await app.B.CitizenAsync();
        var (draftA, _) = await citizenA.ReadyGeneralSubmissionAsync("Zapomenutý koncept města");
        var (draftB, _) = await citizenB.ReadyGeneralSubmissionAsync("Zapomenutý koncept obce");
        var store = app.Service<IDocumentStore>();
        foreach (var (town, id) in new[] { (PortalApp.TownId, draftA), (TwoTownsApp.TownB, draftB) })
        {
            await using var session = store.LightweightSession(town);
            var draft = (await session.LoadAsync<Draft>(id))!;
            draft.UpdatedAt = DateTimeOffset.UtcNow.AddDays(-400); // idle far beyond the limit in both towns
            session.Store(draft);
            await session.SaveChangesAsync();
        }

        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Accepted, (await @operator.Http.PostAsJsonAsync($"/api/platform/towns/{PortalApp.TownId}/jobs/draft-sweep", new { })).StatusCode);
        await Wait.UntilAsync(async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            return await query.LoadAsync<Draft>(draftA) is null ? "swept" : null;
        });
        await using (var query = store.QuerySession(TwoTownsApp.TownB))
        {
            Assert.NotNull(await query.LoadAsync<Draft>(draftB));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await @operator.Http.PostAsJsonAsync($"/api/platform/towns/{TwoTownsApp.TownB}/jobs/draft-sweep", new { })).StatusCode);
        await Wait.UntilAsync(async () =>
        {
            await using var query = store.QuerySession(TwoTownsApp.TownB);
            return await query.LoadAsync<Draft>(draftB) is null ? "swept" : null;
        });

        // The other jobs the operator runs are handled too: nothing of them lands in the dead letters.
        foreach (var job in new[] { "reminders", "card-recheck" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await @operator.Http.PostAsJsonAsync($"/api/platform/towns/{TwoTownsApp.TownB}/jobs/{job}", new { })).StatusCode);
        }

        await Wait.UntilAsync(async () => await app.ScalarAsync("select count(*) from wolverine.wolverine_incoming_envelopes where message_type like '%TownJobRequested' and status <> 'Handled'") == 0 ? "done" : null);
        Assert.Equal(0, await app.ScalarAsync("select count(*) from wolverine.wolverine_dead_letters where message_type like '%TownJobRequested'"));
        citizenA.Dispose();
        citizenB.Dispose();
    }

    [Fact]
    public async Task A_statement_of_the_other_towns_account_is_refused_and_books_nothing_in_either_town()
    {
        using var clerkA = await app.ClerkAsync("fees");
        using var clerkB = await app.B.ClerkAsync("fees");
        var (payerB, feeB) = await app.B.PayerAsync(clerkB, "psi", "Placený", "Obecní", "1969-09-09");
        var item = new GpcItem(feeB.GetProperty("amount").GetDecimal(), Posting.Credit, feeB.GetProperty("variableSymbol").GetString(), Text: "Obecni");
        var ofB = GpcWriter.ToBytes("0000002000145508", "OBEC VZOR", 77, DateOnly.FromDateTime(DateTime.UtcNow), [item]);

        // B's statement uploaded in A: refused whole, nothing booked anywhere.
        var refused = await clerkA.ImportStatementAsync(ofB, "obec-vzor.gpc");
        Assert.Equal("Refused", refused.GetProperty("status").GetString());
        await Task.Delay(1000);
        Assert.Equal(feeB.GetProperty("amount").GetDecimal(), (await payerB.FeeAsync(feeB.GetProperty("id").GetGuid())).GetProperty("remaining").GetDecimal());

        // The same statement in B is B's: it pays B's fee.
        var booked = await clerkB.ImportStatementAsync(ofB, "obec-vzor.gpc");
        Assert.Equal("Completed", booked.GetProperty("status").GetString());
        Assert.Equal(1, booked.GetProperty("matched").GetInt32());
        payerB.Dispose();
    }
}
