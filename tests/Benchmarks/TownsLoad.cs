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
/// The pages are measured after VACUUM ANALYZE of the tables the assessment wrote (a town's steady state).
/// </summary>
internal static class TownsLoad
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Figures(double OverviewRps, double OverviewP99, double SaveRps, double SaveP99, double FirstAssessment);

    public static async Task<int> RunAsync(string hostDll, int towns, int payersPerTown, int singlePayers)
    {
        static string Db(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is not set");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {DraftLoad.Citizens} concurrent citizens");
        Console.WriteLine($"==== One town of {singlePayers:N0} payers");
        // (0 payers of the one town: only the many towns and the town alone, e.g. to measure the assessment again.)
        var one = singlePayers > 0 ? await ScenarioAsync(hostDll, Db("BENCH_DB_ONE"), 1, singlePayers, pages: true) : new Figures(1, 0, 1, 0, 0);
        Console.WriteLine($"==== {towns} towns of {payersPerTown:N0} payers ({towns * (long)payersPerTown:N0} in one database)");
        var many = await ScenarioAsync(hostDll, Db("BENCH_DB_MANY"), towns, payersPerTown, pages: true);
        Console.WriteLine($"==== The first town alone ({payersPerTown:N0} payers)");
        var alone = await ScenarioAsync(hostDll, Db("BENCH_DB_ALONE"), 1, payersPerTown, pages: false);

        Console.WriteLine();
        Console.WriteLine($"| figure | one town of {singlePayers:N0} | {towns} towns of {payersPerTown:N0} | many / one |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(Inv, $"| fee overview `GET /Fees`, req/s | {one.OverviewRps:F0} | {many.OverviewRps:F0} | {many.OverviewRps / one.OverviewRps:P0} |"));
        Console.WriteLine(string.Create(Inv, $"| fee overview p99 | {one.OverviewP99:F0} ms | {many.OverviewP99:F0} ms | |"));
        Console.WriteLine(string.Create(Inv, $"| draft save `PUT step`, req/s | {one.SaveRps:F0} | {many.SaveRps:F0} | {many.SaveRps / one.SaveRps:P0} |"));
        Console.WriteLine(string.Create(Inv, $"| draft save p99 | {one.SaveP99:F0} ms | {many.SaveP99:F0} ms | |"));
        Console.WriteLine(string.Create(Inv, $"| yearly assessment of the first town ({payersPerTown:N0}) | alone: {alone.FirstAssessment:F1} s | among {towns}: {many.FirstAssessment:F1} s | {many.FirstAssessment / alone.FirstAssessment:F2}x |"));
        return 0;
    }

    private static string TownId(int k) => $"obec-{k + 1:000}";

    private static async Task<Figures> ScenarioAsync(string hostDll, string connection, int towns, int payers, bool pages)
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

        using var emulator = Process.Start(emulatorInfo)!;
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        using var host = DraftLoad.StartHost(hostDll, port, settings);
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
                return new Figures(0, 0, 0, 0, first);
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

            async Task<bool?> Overview(int i)
            {
                var response = await citizens[i].GetAsync("/Fees");
                await response.Content.ReadAsByteArrayAsync();
                return response.StatusCode == HttpStatusCode.OK;
            }

            await DraftLoad.Measure("warm-up", TimeSpan.FromSeconds(3), Overview);
            var (overview, overviewP99) = await MedianOfRoundsAsync("fee overview (GET /Fees)", Overview);

            var drafts = new Guid[citizens.Length];
            for (var i = 0; i < citizens.Length; i++)
            {
                drafts[i] = await DraftLoad.NewDraft(citizens[i]);
            }

            var revisions = drafts.Select(_ => 1).ToArray();
            var values = new Dictionary<string, string> { ["podatel.name"] = "Zátěžový Občan", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" };
            async Task<bool?> Save(int i)
            {
                var response = await citizens[i].PutAsJsonAsync($"/api/forms/drafts/{drafts[i]}/steps/0", new { revision = revisions[i], next = false, values });
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                revisions[i] = body.GetProperty("revision").GetInt32();
                return response.StatusCode == HttpStatusCode.OK;
            }

            await DraftLoad.Measure("warm-up", TimeSpan.FromSeconds(3), Save);
            var (save, saveP99) = await MedianOfRoundsAsync("draft save (PUT step)", Save);
            var rss = File.ReadAllLines($"/proc/{host.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            Console.WriteLine($"host peak memory: {rss.Split(':')[1].Trim()}");
            return new Figures(overview, overviewP99, save, saveP99, first);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            emulator.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Three rounds of 10 s (the machine's run-to-run spread is wide): the median round's rate and p99.</summary>
    private static async Task<(double Rps, double P99)> MedianOfRoundsAsync(string name, Func<int, Task<bool?>> call)
    {
        var rounds = new List<(double Rps, double P99)>();
        for (var round = 1; round <= 3; round++)
        {
            var rps = await DraftLoad.Measure($"{name} #{round}", TimeSpan.FromSeconds(10), call);
            rounds.Add((rps, DraftLoad.LastP99));
        }

        var median = rounds.OrderBy(r => r.Rps).ElementAt(1);
        Console.WriteLine(string.Create(Inv, $"{name}: median of 3 rounds {median.Rps:F0} req/s, p99 {median.P99:F0} ms"));
        return median;
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
