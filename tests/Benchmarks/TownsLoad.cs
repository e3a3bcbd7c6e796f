using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Portal.Fees.Domain;
using Portal.Identity.Domain;

namespace Portal.Benchmarks;

/// <summary>
/// The many-towns issue's figures, one run over three fresh databases (BENCH_DB_ONE, BENCH_DB_MANY, BENCH_DB_ALONE):
/// 1. one town of 1 000 000 payers: the fee overview and the draft save at 200 concurrent NIA-verified citizens;
/// 2. 100 towns of 25 000 payers each (2 500 000 in one database): the same two at 200 citizens spread over the towns
///    (each town on its own host name with its own NIA client), and the yearly assessment of the first town, timed
///    while the other 99 towns' registers sit in the same tables;
/// 3. that first town alone in a database (25 000 payers): its yearly assessment, the figure to compare with.
/// The pages are measured after VACUUM ANALYZE of the tables the assessment wrote (a town's steady state), with 1 and 2
/// running side by side and their rounds alternating, so that both see the same machine.
/// </summary>
internal static class TownsLoad
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Rounds of 10 s per installation and page (the machine's run-to-run spread is wide): the median counts.</summary>
    private const int Rounds = 7;

    public static async Task<int> RunAsync(string hostDll, int towns, int payersPerTown, int singlePayers)
    {
        static string Db(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is not set");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {DraftLoad.Citizens} concurrent citizens");
        Console.WriteLine($"==== One town of {singlePayers:N0} payers");
        await using var one = await PrepareAsync(hostDll, Db("BENCH_DB_ONE"), 1, singlePayers, pages: true);
        Console.WriteLine($"==== {towns} towns of {payersPerTown:N0} payers ({towns * (long)payersPerTown:N0} in one database)");
        await using var many = await PrepareAsync(hostDll, Db("BENCH_DB_MANY"), towns, payersPerTown, pages: true);

        // Both installations stay up (each idle while the other is measured) and their rounds alternate, one-many then
        // many-one: a drift of the machine during the run (the VM's neighbours, PostgreSQL's background work) falls
        // on both alike instead of on whichever ran second.
        Console.WriteLine("==== The pages, rounds of the one town and the many towns alternating");
        var (oneOverview, manyOverview) = await AlternatingRoundsAsync("fee overview (GET /Fees)", one.Overview, many.Overview);
        await one.PrepareDraftsAsync();
        await many.PrepareDraftsAsync();
        var (oneSave, manySave) = await AlternatingRoundsAsync("draft save (PUT step)", one.Save, many.Save);
        Console.WriteLine($"host peak memory: one town {one.PeakMemory()}, {towns} towns {many.PeakMemory()}");
        var manyAssessment = many.FirstAssessment;
        await one.DisposeAsync();
        await many.DisposeAsync();

        Console.WriteLine($"==== The first town alone ({payersPerTown:N0} payers)");
        double aloneAssessment;
        await using (var alone = await PrepareAsync(hostDll, Db("BENCH_DB_ALONE"), 1, payersPerTown, pages: false))
        {
            aloneAssessment = alone.FirstAssessment;
        }

        Console.WriteLine();
        Console.WriteLine($"| figure | one town of {singlePayers:N0} | {towns} towns of {payersPerTown:N0} | many / one |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(Inv, $"| fee overview `GET /Fees`, req/s (median of {Rounds} rounds) | {oneOverview.Rps:F0} | {manyOverview.Rps:F0} | {manyOverview.Rps / oneOverview.Rps:P0} |"));
        Console.WriteLine(string.Create(Inv, $"| fee overview p99 | {oneOverview.P99:F0} ms | {manyOverview.P99:F0} ms | |"));
        Console.WriteLine(string.Create(Inv, $"| draft save `PUT step`, req/s (median of {Rounds} rounds) | {oneSave.Rps:F0} | {manySave.Rps:F0} | {manySave.Rps / oneSave.Rps:P0} |"));
        Console.WriteLine(string.Create(Inv, $"| draft save p99 | {oneSave.P99:F0} ms | {manySave.P99:F0} ms | |"));
        Console.WriteLine(string.Create(Inv, $"| yearly assessment of the first town ({payersPerTown:N0}) | alone: {aloneAssessment:F1} s | among {towns}: {manyAssessment:F1} s | {manyAssessment / aloneAssessment:F2}x |"));
        return 0;
    }

    private static string TownId(int k) => $"obec-{k + 1:000}";

    private static async Task<Installation> PrepareAsync(string hostDll, string connection, int towns, int payers, bool pages)
    {
        var port = DraftLoad.FreePort();
        var niaPort = DraftLoad.FreePort();
        var nia = $"http://127.0.0.1:{niaPort}";
        string Url(int k) => $"http://{TownId(k)}.localhost:{port}";
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(hostDll)!, "..", "..", "..", "..", "..", ".."));
        var emulatorInfo = new ProcessStartInfo("dotnet", [Path.Combine(root, "src/Tools/NiaEmulator/bin/Release/net10.0/NiaEmulator.dll"), "--urls", nia])
        {
            WorkingDirectory = Path.Combine(root, "src/Tools/NiaEmulator"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        emulatorInfo.Environment["Emulator__PublicUrl"] = nia + "/";
        emulatorInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        var settings = new Dictionary<string, string>
        {
            ["Identity__Nia__Enabled"] = "true",
            ["Identity__Nia__Authority"] = nia + "/fpsts/oidc",
            ["Identity__Nia__RequireHttpsMetadata"] = "false",
            ["ConnectionStrings__Portal"] = connection,
        };
        for (var k = 0; k < towns; k++)
        {
            // Each town its own host name, podací deník prefix and NIA registration, as a provider's towns are.
            var (id, url, secret) = (TownId(k), Url(k), $"bench-nia-secret-{k}");
            emulatorInfo.Environment[$"Emulator__Clients__{k}__ClientId"] = url + "/";
            emulatorInfo.Environment[$"Emulator__Clients__{k}__ClientSecret"] = secret;
            emulatorInfo.Environment[$"Emulator__Clients__{k}__RedirectUris__0"] = url + "/signin-nia";
            settings[$"Towns__Initial__{k}__Id"] = id;
            settings[$"Towns__Initial__{k}__Name"] = $"Obec {k + 1:000}";
            settings[$"Towns__Initial__{k}__HostNames__0"] = $"{id}.localhost";
            settings[$"Towns__Initial__{k}__PublicBaseUrl"] = url;
            settings[$"Towns__Initial__{k}__ReferencePrefix"] = $"O{k + 1:000}";
            settings[$"Towns__Initial__{k}__FeeAccount"] = "19-2000145399/0800";
            settings[$"Towns__Initial__{k}__NiaClientId"] = url + "/";
            settings[$"Towns__Initial__{k}__NiaClientSecret"] = secret;
        }

        var emulator = Process.Start(emulatorInfo)!;
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        var host = DraftLoad.StartHost(hostDll, port, settings);
        try
        {
            await DraftLoad.WaitFor($"http://127.0.0.1:{port}/health/ready", TimeSpan.FromMinutes(10));
            await DraftLoad.WaitFor(nia + "/fpsts/oidc/openid-configuration");
            Console.WriteLine(string.Create(Inv, $"host ready with {towns} town(s) in {started.Elapsed.TotalSeconds:F1} s"));
            using var store = DraftLoad.Store(connection, o =>
            {
                o.Schema.For<Registration>().DatabaseSchemaName("fees");
                o.Schema.For<RegistrationCounter>().DatabaseSchemaName("fees").UseOptimisticConcurrency(true);
                o.Schema.For<UserAccount>().DatabaseSchemaName("identity");
                o.Schema.For<EmailIndex>().DatabaseSchemaName("identity");
            });

            // The load's citizens spread over the towns: citizen g lives in town (g - 1) % towns.
            var citizensOf = Enumerable.Range(0, towns).Select(k => Enumerable.Range(1, pages ? DraftLoad.Citizens : 0).Where(g => (g - 1) % towns == k).ToList()).ToList();
            var watch = Stopwatch.StartNew();
            for (var k = 0; k < towns; k++)
            {
                await FeesLoad.Seed(store, TownId(k), payers, citizensOf[k], quiet: true);
            }

            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                await using var analyze = new NpgsqlCommand("analyze fees.mt_doc_registration", db) { CommandTimeout = 600 };
                await analyze.ExecuteNonQueryAsync();
            }

            Console.WriteLine(string.Create(Inv, $"seeded {towns * (long)payers:N0} payers in {watch.Elapsed.TotalSeconds:F1} s"));

            var clerks = new HttpClient[towns];
            for (var k = 0; k < towns; k++)
            {
                clerks[k] = await DraftLoad.SignIn(Url(k), await FeesLoad.CreateClerk(store, TownId(k)));
            }

            // The first town's assessment on its own (nothing else running), then every other town's at once.
            var year = DateTime.UtcNow.Year + 1;
            watch.Restart();
            await AssessAsync([clerks[0]], year);
            var first = watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(Inv, $"assessment of {TownId(0)} ({payers:N0} payers): {first:F1} s"));
            if (towns > 1)
            {
                watch.Restart();
                await AssessAsync(clerks[1..], year);
                Console.WriteLine(string.Create(Inv, $"assessment of the other {towns - 1} towns at once: {watch.Elapsed.TotalSeconds:F1} s"));
            }

            if (!pages)
            {
                return new Installation(host, emulator, [], first);
            }

            // The pages are measured in the steady state a town lives in, not while PostgreSQL's autovacuum still works
            // through the millions of rows the assessment just wrote (it took one of the two cores in the first runs).
            watch.Restart();
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                foreach (var table in new[] { "fees.mt_doc_obligation", "fees.mt_doc_registration", "portal.mt_events", "portal.mt_streams" })
                {
                    await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {table}", db) { CommandTimeout = 1800 };
                    await vacuum.ExecuteNonQueryAsync();
                }
            }

            Console.WriteLine(string.Create(Inv, $"vacuum analyze after the assessment: {watch.Elapsed.TotalSeconds:F1} s"));

            // Every citizen signs in through NIA in their own town (the real OIDC redirects, the town's client).
            var citizens = await Task.WhenAll(Enumerable.Range(1, DraftLoad.Citizens)
                .Select(g => FeesLoad.NiaSignIn(Url((g - 1) % towns), "Zátěžový", "Poplatník" + g, FeesLoad.Born(g), FeesLoad.Address(g))));
            foreach (var c in citizens)
            {
                for (var i = 0; i < 100 && (await c.GetFromJsonAsync<JsonElement[]>("/api/fees/mine"))!.Length == 0; i++)
                {
                    await Task.Delay(100);
                }

                if ((await c.GetFromJsonAsync<JsonElement[]>("/api/fees/mine"))!.Length == 0)
                {
                    throw new InvalidOperationException($"A citizen of {c.BaseAddress} sees no fee");
                }
            }

            return new Installation(host, emulator, citizens, first);
        }
        catch
        {
            host.Kill(entireProcessTree: true);
            emulator.Kill(entireProcessTree: true);
            host.Dispose();
            emulator.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="name"/> measured <see cref="Rounds"/> times on each installation, the rounds alternating (one,
    /// many, many, one, one, ...): the median round of each.
    /// </summary>
    private static async Task<((double Rps, double P99) One, (double Rps, double P99) Many)> AlternatingRoundsAsync(string name, Func<int, Task<bool?>> one, Func<int, Task<bool?>> many)
    {
        // 10 s each: the installation prepared first comes back cold (the second one's seeding evicted its pages; a
        // 3 s warm-up left its first round at a tenth of its rate in the runs of 2026-12-08).
        await DraftLoad.Measure("warm-up, one town", TimeSpan.FromSeconds(10), one);
        await DraftLoad.Measure("warm-up, many towns", TimeSpan.FromSeconds(10), many);
        var (ones, manys) = (new List<(double Rps, double P99)>(), new List<(double Rps, double P99)>());
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var (label, call, results) in round % 2 == 1 ? new[] { ("one town", one, ones), ("many towns", many, manys) } : [("many towns", many, manys), ("one town", one, ones)])
            {
                var rps = await DraftLoad.Measure($"{name}, {label} #{round}", TimeSpan.FromSeconds(10), call);
                results.Add((rps, DraftLoad.LastP99));
            }
        }

        var (medianOne, medianMany) = (ones.OrderBy(r => r.Rps).ElementAt(Rounds / 2), manys.OrderBy(r => r.Rps).ElementAt(Rounds / 2));
        var paired = ones.Zip(manys, (o, m) => m.Rps / o.Rps).ToList();
        Console.WriteLine(string.Create(Inv, $"{name}: median of {Rounds} rounds, one town {medianOne.Rps:F0} req/s (p99 {medianOne.P99:F0} ms), many towns {medianMany.Rps:F0} req/s (p99 {medianMany.P99:F0} ms)"));
        Console.WriteLine(string.Create(Inv, $"{name}: many / one in each pair of neighbouring rounds: {string.Join(", ", paired.Select(r => r.ToString("P0", Inv)))}; median {paired.Order().ElementAt(Rounds / 2):P0}"));
        return (medianOne, medianMany);
    }

    /// <summary>A running host with its NIA emulator and its signed-in citizens, measured until disposed.</summary>
    private sealed class Installation(Process host, Process emulator, HttpClient[] citizens, double firstAssessment) : IAsyncDisposable
    {
        private Guid[] drafts = [];
        private int[] revisions = [];

        private static readonly Dictionary<string, string> Values = new() { ["podatel.name"] = "Zátěžový Občan", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" };

        /// <summary>The first town's yearly assessment, in seconds.</summary>
        public double FirstAssessment => firstAssessment;

        public async Task<bool?> Overview(int i)
        {
            var response = await citizens[i].GetAsync("/Fees");
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }

        /// <summary>Every citizen starts the draft they then save.</summary>
        public async Task PrepareDraftsAsync()
        {
            drafts = new Guid[citizens.Length];
            for (var i = 0; i < citizens.Length; i++)
            {
                drafts[i] = await DraftLoad.NewDraft(citizens[i]);
            }

            revisions = drafts.Select(_ => 1).ToArray();
        }

        public async Task<bool?> Save(int i)
        {
            var response = await citizens[i].PutAsJsonAsync($"/api/forms/drafts/{drafts[i]}/steps/0", new { revision = revisions[i], next = false, values = Values });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            revisions[i] = body.GetProperty("revision").GetInt32();
            return response.StatusCode == HttpStatusCode.OK;
        }

        public string PeakMemory() => File.ReadAllLines($"/proc/{host.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(':')[1].Trim();

        private bool disposed;

        public ValueTask DisposeAsync()
        {
            if (disposed)
            {
                return ValueTask.CompletedTask;
            }

            disposed = true;
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
            }

            host.Dispose();
            emulator.Dispose();
            foreach (var citizen in citizens)
            {
                citizen.Dispose();
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Each clerk's town assesses the year of the waste fee (the clerk's API), polled until every run has completed.</summary>
    private static async Task AssessAsync(IReadOnlyList<HttpClient> clerks, int year)
    {
        foreach (var clerk in clerks)
        {
            (await clerk.PostAsJsonAsync("/api/fees/assessments", new { feeCode = FeeCodes.Waste, year })).EnsureSuccessStatusCode();
        }

        var waiting = clerks.ToList();
        while (waiting.Count > 0)
        {
            await Task.Delay(200);
            var done = new List<HttpClient>();
            foreach (var clerk in waiting)
            {
                var runs = await clerk.GetFromJsonAsync<JsonElement[]>("/api/fees/assessments");
                if (runs!.Single(r => r.GetProperty("id").GetString() == $"{FeeCodes.Waste}-{year}").GetProperty("status").GetString() == "Completed")
                {
                    done.Add(clerk);
                }
            }

            waiting.RemoveAll(done.Contains);
        }
    }
}
