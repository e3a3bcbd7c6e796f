using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Npgsql;
using Portal.Fees.Domain;
using Portal.Filing.Domain;
using Portal.Payments.Statements;
using Portal.Testing;
using Wolverine.Runtime;
using Xunit.Abstractions;

namespace Portal.Payments.Tests;

/// <summary>
/// Two portal instances over one database (Wolverine:Solo=false): this test process's host (A) and a second host
/// started as its own process (B) from the built Portal.Host.dll, both starting at once, both serving two towns
/// (Město Demo and Obec Vzor). B is killed with SIGKILL while it still owns work of both towns; A must notice, take
/// the work over and finish it in the town each message came from, with nothing done twice.
/// </summary>
public sealed class TwoHostsApp : TwoTownsApp
{
    private Process? second;

    public Uri SecondAddress { get; } = new($"http://localhost:{TestPostgres.FreePort()}");

    public string SecondLog { get; } = Path.Combine(Path.GetTempPath(), $"portal-second-{Guid.NewGuid():N}.log");

    public bool SecondAlive => second is { HasExited: false };

    /// <summary>A dead node is noticed in seconds here, not in the production minute (install.md, "Several instances").</summary>
    public static readonly Dictionary<string, string?> ClusterSettings = new()
    {
        ["Wolverine:Solo"] = "false",
        ["Wolverine:Durability:HealthCheckPollingTime"] = "00:00:01",
        ["Wolverine:Durability:FirstHealthCheckExecution"] = "00:00:00.500",
        ["Wolverine:Durability:StaleNodeTimeout"] = "00:00:04",
        ["Wolverine:Durability:NodeReassignmentPollingTime"] = "00:00:01",
        ["Wolverine:Durability:FirstNodeReassignmentExecution"] = "00:00:01",
        ["Wolverine:Durability:OrphanedMessageSweepPollingTime"] = "00:00:01",
        ["Wolverine:Durability:ScheduledJobPollingTime"] = "00:00:01",
        ["Wolverine:Durability:CheckAssignmentPeriod"] = "00:00:01",
    };

    protected override IDictionary<string, string?> Settings =>
        base.Settings.Concat(ClusterSettings).ToDictionary(s => s.Key, s => s.Value);

    /// <summary>Town B (Obec Vzor) on the second instance: its host name at the second instance's port.</summary>
    public Uri SecondAddressB => new($"http://{TownB}.localhost:{SecondAddress.Port}/");

    /// <summary>B starts while A starts: both migrate, seed and elect a leader over the same fresh database.</summary>
    protected override Task BeforePortalStartsAsync()
    {
        var hostDirectory = Path.Combine(Repository.Root, "src", "Host", "Portal.Host");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = hostDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostCommand.HostDll);
        foreach (var (key, value) in HostSettings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.ArgumentList.Add($"--urls={SecondAddress}");
        start.ArgumentList.Add("--Payments:ImportBatchSize=1"); // a statement is booked line by line: still running when B is killed
        start.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        second = Process.Start(start)!;
        var log = new StreamWriter(SecondLog) { AutoFlush = true };
        second.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        second.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        second.BeginOutputReadLine();
        second.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    public async Task WaitForSecondAsync()
    {
        using var http = new HttpClient { BaseAddress = SecondAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240 && SecondAlive; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("The second host did not start:\n" + File.ReadAllText(SecondLog));
    }

    /// <summary>kill -9: no graceful stop, no release of anything the node owns.</summary>
    public void KillSecond()
    {
        second!.Kill(entireProcessTree: true);
        second.WaitForExit();
    }

    public override async Task DisposeAsync()
    {
        if (SecondAlive)
        {
            KillSecond();
        }

        await base.DisposeAsync();
    }
}

public sealed class TwoHostsTests(TwoHostsApp app, ITestOutputHelper output) : IClassFixture<TwoHostsApp>
{
    private const int Payers = 40;
    private const int SubmissionsPerHost = 15;
    private static readonly int Year = DateTime.UtcNow.Year;
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_host_killed_mid_way_leaves_its_submissions_and_statement_to_the_other_host_and_nothing_is_done_twice()
    {
        await app.WaitForSecondAsync();
        using var clerk = await app.ClerkAsync("fees");
        var store = app.Service<IDocumentStore>();

        // The fee payers the statement pays, registered by the fees clerk on A.
        for (var i = 0; i < Payers; i++)
        {
            var created = await clerk.PostJsonAsync("/api/fees/registrations", new
            {
                feeCode = "psi",
                payerName = $"Převzatý Plátce {i}",
                payerBirthDate = "1970-01-01",
                address = "Lipová 12, 100 00 Město Demo",
                from = $"{Year}-01-01",
                subjects = new[] { new { name = "Pes " + i, from = $"{Year}-01-01" } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var obligations = await Wait.UntilAsync(async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            var found = await query.Query<Obligation>().Where(o => o.PayerName.StartsWith("Převzatý Plátce")).ToListAsync();
            return found.Count == Payers ? found : null;
        });

        // Sign-in happens on A only: B knows the session because the key ring is shared.
        var (citizen, _) = await app.CitizenAsync();
        var (neighbour, _) = await app.CitizenAsync();
        var drafts = new List<(PortalClient Client, Guid Id, int Revision)>();
        for (var i = 0; i < 2 * SubmissionsPerHost; i++)
        {
            var client = i % 2 == 0 ? citizen : neighbour;
            var (id, revision) = await client.ReadyGeneralSubmissionAsync("Věc " + i, "Podání poslané na dva uzly portálu.");
            drafts.Add((client, id, revision));
        }

        // Town B's citizen prepares submissions too: they go to the second instance under town B's host name.
        var (villager, _) = await app.B.CitizenAsync("Vesnický Podatel");
        var draftsB = new List<(Guid Id, int Revision)>();
        for (var i = 0; i < SubmissionsPerHost; i++)
        {
            draftsB.Add(await villager.ReadyGeneralSubmissionAsync("Věc obce " + i, "Podání obce Vzor poslané na druhý uzel."));
        }

        using var villagerOnB = villager.On(app.SecondAddressB);
        using var citizenOnB = citizen.On(app.SecondAddress);
        using var neighbourOnB = neighbour.On(app.SecondAddress);
        using var clerkOnB = clerk.On(app.SecondAddress);
        Assert.Equal(HttpStatusCode.OK, (await citizenOnB.Http.GetAsync("/api/forms/drafts")).StatusCode);

        // At once: the statement to B, half the submissions to B and half to A.
        var statement = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 901, DateOnly.FromDateTime(DateTime.UtcNow),
            obligations.Select(o => new GpcItem(o.Amount, Posting.Credit, o.VariableSymbol, Text: o.PayerName)).ToList());
        var import = clerkOnB.UploadStatementAsync(statement, "dva-uzly.gpc");
        var sent = drafts.Select((d, i) =>
        {
            var client = i < SubmissionsPerHost ? (d.Client == citizen ? citizenOnB : neighbourOnB) : d.Client;
            return client.PostJsonAsync($"/api/forms/drafts/{d.Id}/submission", new { revision = d.Revision });
        }).ToList();
        sent.AddRange(draftsB.Select(d => villagerOnB.PostJsonAsync($"/api/forms/drafts/{d.Id}/submission", new { revision = d.Revision })));
        Assert.All(await Task.WhenAll(sent), s => Assert.Equal(HttpStatusCode.Accepted, s.StatusCode));
        var importId = await import;

        // B dies with work it owns: messages in its inbox not handled yet (the import, registrations, settlements).
        app.KillSecond();
        var left = await OwnedByOthersAsync();
        output.WriteLine($"Killed B with {left} of its inbox messages unhandled");
        Assert.True(left > 0, "B finished everything before it was killed; the test proves nothing");

        // A takes B's work over and finishes it.
        // (Takeover waits for the dead node to be noticed, seconds here: up to 90 s.)
        var completed = await clerk.ImportFinishedAsync(importId, Takeover);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        Assert.Equal(Payers, completed.GetProperty("matched").GetInt32());
        Assert.Equal(0, completed.GetProperty("queued").GetInt32());
        Assert.Equal(0, completed.GetProperty("duplicates").GetInt32());

        var registered = await Wait.UntilAsync(
            async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            var ids = drafts.Select(d => d.Id).ToArray();
            var found = await query.Query<Submission>().Where(s => s.Id.IsOneOf(ids)).ToListAsync();
            return found.Count == ids.Length ? found : null;
        },
            Takeover);
        var sequences = registered.Select(s => s.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(sequences[0], 2 * SubmissionsPerHost), sequences);
        Assert.Equal(2 * SubmissionsPerHost, registered.Select(s => s.ReferenceNumber).Distinct().Count());
        Assert.All(registered, s => Assert.StartsWith("MDEMO ", s.ReferenceNumber));

        // Town B's submissions, sent to the killed instance, are registered in town B by A: B's own gap-free series.
        var registeredB = await Wait.UntilAsync(
            async () =>
        {
            await using var query = store.QuerySession(TwoTownsApp.TownB);
            var ids = draftsB.Select(d => d.Id).ToArray();
            var found = await query.Query<Submission>().Where(s => s.Id.IsOneOf(ids)).ToListAsync();
            return found.Count == ids.Length ? found : null;
        },
            Takeover);
        var sequencesB = registeredB.Select(s => s.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(sequencesB[0], SubmissionsPerHost), sequencesB);
        Assert.All(registeredB, s => Assert.StartsWith("OVZOR ", s.ReferenceNumber));
        await using (var query = store.QuerySession(PortalApp.TownId))
        {
            var idsB = draftsB.Select(d => d.Id).ToArray();
            Assert.Equal(0, await query.Query<Submission>().CountAsync(s => s.Id.IsOneOf(idsB)));
        }

        var settled = await Wait.UntilAsync(
            async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            var ids = obligations.Select(o => o.Id).ToArray();
            var now = await query.Query<Obligation>().Where(o => o.Id.IsOneOf(ids)).ToListAsync();
            return now.All(o => o.IsSettled) ? now : null;
        },
            Takeover);
        Assert.All(settled, o =>
        {
            Assert.Single(o.AppliedPayments);
            Assert.Equal(o.Amount, o.Paid);
            Assert.Equal(0m, o.Overpaid);
        });

        // A moment later still nothing more: no late duplicate from a replayed message, nothing in the dead letters.
        await Task.Delay(2000);
        await using (var query = store.QuerySession(PortalApp.TownId))
        {
            var ids = obligations.Select(o => o.Id).ToArray();
            Assert.All(await query.Query<Obligation>().Where(o => o.Id.IsOneOf(ids)).ToListAsync(), o => Assert.Equal(o.Amount, o.Paid));
        }

        Assert.Equal(0, await app.ScalarAsync("select count(*) from wolverine.wolverine_dead_letters"));
        Assert.Equal(0, await OwnedByOthersAsync());
    }

    /// <summary>Inbox messages not handled yet and owned by a node other than A (B, until A takes them over).</summary>
    private Task<long> OwnedByOthersAsync()
    {
        var a = app.Service<IWolverineRuntime>().Options.Durability.AssignedNodeNumber;
        return app.ScalarAsync($"select count(*) from wolverine.wolverine_incoming_envelopes where status <> 'Handled' and owner_id not in (0, {a})");
    }
}
