using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Npgsql;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Payments.Statements;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>
/// Operations: a database error in a durable handler is retried, not dead-lettered after one try; an import or an
/// assessment that stopped moving is resumed from the page of the person who may (the fees clerk's statement page,
/// the administrator's operations page) and finishes without doing anything twice.
/// </summary>
public sealed class StuckWorkTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    [Fact]
    public async Task A_database_error_while_registering_a_submission_is_retried_and_the_submission_is_registered_once()
    {
        var (citizen, _) = await app.CitizenAsync();
        var draft = await citizen.ReadyGeneralSubmissionAsync("Chyba databáze", "Podání, jehož zápis napoprvé selže.");

        // The next two writes of a submission fail in PostgreSQL (a trigger raising an error, as a full disk, a
        // deadlock or a statement timeout would); nextval is not rolled back, so it counts the attempts.
        await app.ExecuteAsync("""
            create sequence public.injected_faults;
            create function public.fail_twice() returns trigger language plpgsql as $$
            begin
              if nextval('public.injected_faults') <= 2 then raise exception 'injected fault %', currval('public.injected_faults'); end if;
              return new;
            end $$;
            create trigger fail_twice before insert or update on filing.mt_doc_submission for each row execute function public.fail_twice();
            """);
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{draft.Id}/submission", new { revision = draft.Revision })).StatusCode);
            var registered = await app.RegisteredAsync(draft.Id);
            Assert.False(string.IsNullOrEmpty(registered.ReferenceNumber));
            Assert.True(await app.ScalarAsync("select last_value from public.injected_faults") >= 3, "the faults were not hit");
        }
        finally
        {
            await app.ExecuteAsync("drop trigger fail_twice on filing.mt_doc_submission; drop function public.fail_twice(); drop sequence public.injected_faults;");
        }

        await using var query = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Equal(1, await query.Query<Portal.Filing.Domain.Submission>().CountAsync(s => s.Id == draft.Id));
        Assert.Equal(0, await app.ScalarAsync("select count(*) from wolverine.wolverine_dead_letters"));
        var mine = await citizen.GetJsonAsync<JsonElement[]>("/api/submissions");
        Assert.Single(mine, s => s.GetProperty("id").GetGuid() == draft.Id && s.GetProperty("referenceNumber").GetString() != null);
        citizen.Dispose();
    }

    [Fact]
    public async Task An_import_that_stopped_moving_is_resumed_by_the_fees_clerk_and_pays_nothing_twice()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Zdeněk", "Zaseknutý", "1961-05-05");
        var id = fee.GetProperty("id").GetGuid();
        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 61, DateOnly.FromDateTime(DateTime.UtcNow),
            [new GpcItem(fee.GetProperty("amount").GetDecimal(), Posting.Credit, fee.GetProperty("variableSymbol").GetString(), Text: "Zaseknuty")]), "zaseknuty.gpc");
        var importId = import.GetProperty("id").GetGuid();
        Assert.False((await clerk.GetAsync($"/Payments/Statements/{importId}")).Has("[data-testid=resume]")); // finished: nothing to resume

        // As if the node had died after booking and before its checkpoint, an hour ago, and its message were lost.
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            var stored = (await session.LoadAsync<StatementImport>(importId))!;
            (stored.Status, stored.Checkpoint, stored.Transactions, stored.Credits, stored.Matched, stored.MatchedAmount, stored.Queued, stored.QueuedAmount, stored.Debits)
                = (ImportStatus.Running, 0, 0, 0, 0, 0, 0, 0, 0);
            stored.UploadedAt = DateTimeOffset.UtcNow.AddHours(-1);
            session.Store(stored);
            await session.SaveChangesAsync();
        }

        // The administrator sees it; the clerk resumes it on the import's page.
        using (var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword))
        {
            Assert.Contains("zaseknuty.gpc", (await admin.GetAsync("/Admin/Operations")).Text("[data-testid=stuck-imports]"));
        }

        var page = await clerk.GetAsync($"/Payments/Statements/{importId}");
        await clerk.SubmitAsync(page, "[data-testid=resume]");
        var resumed = await clerk.ImportFinishedAsync(importId);
        Assert.Equal("Completed", resumed.GetProperty("status").GetString());
        Assert.Equal(1, resumed.GetProperty("matched").GetInt32());
        await Task.Delay(500); // the ledger has had whatever the resumed import sent
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
        Assert.Equal(0m, (await citizen.FeeAsync(id)).GetProperty("remaining").GetDecimal());
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        citizen.Dispose();
    }

    [Fact]
    public async Task An_assessment_that_stopped_moving_is_resumed_by_the_administrator_and_assesses_nobody_twice()
    {
        using var clerk = await app.ClerkAsync("fees");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await clerk.PostJsonAsync("/api/fees/registrations", new
            {
                feeCode = "psi",
                payerName = $"Vyměřovaný Plátce {i}",
                payerBirthDate = "1970-01-01",
                address = "Lipová 12, 100 00 Město Demo",
                from = $"{Year}-01-01",
                subjects = new[] { new { name = "Pes " + i, from = $"{Year}-01-01" } },
            })).StatusCode);
        }

        var next = Year + 1;
        var runId = AssessmentRun.IdFor("psi", next);
        Assert.Equal(HttpStatusCode.Accepted, (await clerk.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = next })).StatusCode);
        var first = await RunAsync(clerk, runId, "Completed");
        var assessed = await NextYearObligationsAsync(next);
        Assert.Equal(first.GetProperty("created").GetInt64() + first.GetProperty("alreadyThere").GetInt64(), assessed);

        // As if the node had died at the start of the run an hour ago and its message were lost.
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            var run = (await session.LoadAsync<AssessmentRun>(runId))!;
            (run.Status, run.Checkpoint, run.Processed, run.Created, run.AlreadyThere, run.AmountCreated) = (AssessmentStatus.Running, 0, 0, 0, 0, 0);
            run.StartedAt = DateTimeOffset.UtcNow.AddHours(-1);
            run.FinishedAt = null;
            session.Store(run);
            await session.SaveChangesAsync();
        }

        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var operations = await admin.GetAsync("/Admin/Operations");
        Assert.Contains($"{next}", operations.Text("[data-testid=stuck-assessments]"));
        await admin.SubmitAsync(operations, "[data-testid=stuck-assessments] form");
        var resumed = await RunAsync(clerk, runId, "Completed");
        Assert.Equal(0, resumed.GetProperty("created").GetInt64());
        Assert.Equal(assessed, resumed.GetProperty("alreadyThere").GetInt64());
        Assert.Equal(assessed, await NextYearObligationsAsync(next));
        Assert.False((await admin.GetAsync("/Admin/Operations")).Has("[data-testid=stuck-assessments]"));
    }

    private async Task<long> NextYearObligationsAsync(int year)
    {
        await using var query = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        return await query.Query<Obligation>().CountAsync(o => o.FeeCode == "psi" && o.Year == year);
    }

    private static async Task<JsonElement> RunAsync(PortalClient clerk, string runId, string status) =>
        (await Wait.UntilAsync(async () =>
        {
            var run = (await clerk.GetJsonAsync<JsonElement[]>("/api/fees/assessments")).Single(r => r.GetProperty("id").GetString() == runId);
            return run.GetProperty("status").GetString() == status ? new[] { run } : null;
        }))[0];
}
