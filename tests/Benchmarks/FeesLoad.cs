using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Payments.Statements;

namespace Portal.Benchmarks;

/// <summary>
/// Fees and payments issue figures, one run on one fresh database:
/// 1. yearly assessment of N obligations (N seeded payers) through the clerk's API, against a raw PostgreSQL COPY of
///    the rows it wrote (the obligation documents, the streams and their first events) in the same run;
/// 2. import of a GPC statement of M credit lines (parse, match, settle in the Fees ledger), with the host's peak
///    memory for a 10 000-line and an M-line statement (flat memory: the two peaks are alike);
/// 3. the fee overview page ("Moje poplatky") at 200 concurrent NIA-verified citizens (BENCH_CITIZENS), against plain Kestrel; also with wrk.
/// </summary>
internal static class FeesLoad
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly HtmlParser Parser = new();

    public static async Task<int> RunAsync(string hostDll, int payers, int lines)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Portal") ?? throw new InvalidOperationException("ConnectionStrings__Portal is not set");
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(hostDll)!, "..", "..", "..", "..", "..", ".."));
        var port = DraftLoad.FreePort();
        var niaPort = DraftLoad.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var nia = $"http://127.0.0.1:{niaPort}";
        const string secret = "bench-nia-secret";
        using var emulator = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(root, "src/Tools/NiaEmulator/bin/Release/net10.0/NiaEmulator.dll"), "--urls", nia])
        {
            WorkingDirectory = Path.Combine(root, "src/Tools/NiaEmulator"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Emulator__PublicUrl"] = nia + "/",
                ["Emulator__Clients__0__ClientId"] = baseUrl + "/",
                ["Emulator__Clients__0__ClientSecret"] = secret,
                ["Emulator__Clients__0__RedirectUris__0"] = baseUrl + "/signin-nia",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        })!;
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        // A database an earlier run seeded keeps its town's address and NIA client id of that run's port: move them here.
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var move = new NpgsqlCommand(
                "update towns.mt_doc_town set data = data || jsonb_build_object('NiaClientId', @base || '/', 'PublicBaseUrl', @base)", db);
            move.Parameters.AddWithValue("base", baseUrl);
            try
            {
                await move.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // a fresh database: the host seeds its town with this run's address
            }
        }

        using var host = DraftLoad.StartHost(hostDll, port, new Dictionary<string, string>
        {
            ["Identity__Nia__Enabled"] = "true",
            ["Identity__Nia__Authority"] = nia + "/fpsts/oidc",
            ["Identity__Nia__RequireHttpsMetadata"] = "false",
            ["Identity__Nia__ClientId"] = baseUrl + "/",
            ["Identity__Nia__ClientSecret"] = secret,
            ["Payments__MaxStatementBytes"] = "268435456",
        });
        try
        {
            await DraftLoad.WaitFor(baseUrl + "/health/ready");
            await DraftLoad.WaitFor(nia + "/fpsts/oidc/openid-configuration");
            using var store = DraftLoad.Store(connection, o =>
            {
                o.Schema.For<Registration>().DatabaseSchemaName("fees");
                o.Schema.For<RegistrationCounter>().DatabaseSchemaName("fees").UseOptimisticConcurrency(true);
                o.Schema.For<UserAccount>().DatabaseSchemaName("identity");
                o.Schema.For<EmailIndex>().DatabaseSchemaName("identity");
            });

            var year = DateTime.UtcNow.Year + 1;
            bool reuse;
            await using (var query = store.QuerySession(DraftLoad.Town))
            {
                // Pointed by hand at a database an earlier run seeded and assessed (build/bench.sh always starts
                // fresh): measure the statement import and the overview again, without seeding and assessing.
                reuse = await query.Query<Registration>().AnyAsync();
            }

            if (!reuse)
            {
                await Seed(store, DraftLoad.Town, payers, Enumerable.Range(1, DraftLoad.Citizens).ToList());
            }

            var fees = await DraftLoad.SignIn(baseUrl, await CreateClerk(store));
            if (!reuse)
            {
                await Assess(fees, connection, year, payers);
            }

            // 2. Statement import (BENCH_ONLY=overview on a database seeded before: the overview alone): a 10 000-line statement, then the big one; peak memory of the host for each.
            // A warm-up statement first, as on a server that has been running: the first import on a freshly started
            // host also pays for compiling its code paths (tier-1 JIT of Marten, Npgsql, Wolverine), seconds of CPU.
            if (Environment.GetEnvironmentVariable("BENCH_ONLY") != "overview")
            {
                var due = await Obligations(connection, year, 30_000 + lines);
                await ImportStatement(fees, baseUrl, host, connection, year, due.Take(20_000).ToList(), "warmup");
                await Task.Delay(TimeSpan.FromSeconds(5));
                var small = await ImportStatement(fees, baseUrl, host, connection, year, due.Skip(20_000).Take(10_000).ToList(), "small");
                var big = await ImportStatement(fees, baseUrl, host, connection, year, due.Skip(30_000).ToList(), "big");
                Console.WriteLine(string.Create(Inv, $"peak memory 10 000 lines    : {small / 1024.0:F0} MB;  {lines:N0} lines: {big / 1024.0:F0} MB"));

            }

            // 3. The overview page at 200 verified citizens (BENCH_CITIZENS).
            var citizens = await Task.WhenAll(Enumerable.Range(1, DraftLoad.Citizens).Select(i => NiaSignIn(baseUrl, "Zátěžový", "Poplatník" + i, Born(i), Address(i))));
            foreach (var c in citizens)
            {
                for (var i = 0; i < 100 && (await c.GetFromJsonAsync<JsonElement[]>("/api/fees/mine"))!.Length == 0; i++)
                {
                    await Task.Delay(100);
                }
            }

            var sample = await citizens[0].GetStringAsync("/Fees");
            if (!sample.Contains("data-testid=\"fees\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The overview shows no fees:\n" + sample);
            }

            // Each citizen's session cookie, for wrk (each request carries one of them).
            var cookies = citizens.Select(c => CookieHeader(c, baseUrl)).ToList();
            if (Environment.GetEnvironmentVariable("BENCH_COOKIES") is { Length: > 0 } cookieFile)
            {
                await File.WriteAllLinesAsync(cookieFile, cookies); // for profiling by hand against the same database
            }

            // The citizen's pages the Speed issue names: the fee overview, the home page (its dashboard) and the
            // message centre, each against plain Kestrel serving the same bytes, in .NET and with wrk.
            // BENCH_PAGES (for instance "/,/Fees,/health/live") measures those addresses instead, each with the
            // citizens' sessions: taking a page apart (the session check alone, a page without queries, ...).
            var pages = new[] { ("fee overview", "/Fees"), ("home page", "/"), ("message centre", "/Messages") };
            if (Environment.GetEnvironmentVariable("BENCH_PAGES") is { Length: > 0 } chosen)
            {
                pages = chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(path => (pages.FirstOrDefault(p => p.Item2 == path).Item1 ?? path, path)).ToArray();
            }

            // Every page warmed up first (10 s of load each, not counted): the first page measured on a fresh host
            // otherwise pays for the JIT's tiering and reads slower than the others for no reason of its own.
            foreach (var (name, path) in pages)
            {
                await DraftLoad.Measure($"warm-up {path}", TimeSpan.FromSeconds(10), async i =>
                {
                    using var response = await citizens[i].GetAsync(path);
                    return response.StatusCode == HttpStatusCode.OK;
                });
            }

            foreach (var (name, path) in pages)
            {
                await MeasurePageAsync(name, path, citizens, cookies, baseUrl);
            }

            return 0;
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            emulator.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// A town's waste-fee register of N payers (2 persons each); the first ones are the load's citizens (global numbers
    /// <paramref name="citizens"/>: their name, birth date and address are what they sign in to NIA with).
    /// </summary>
    internal static async Task Seed(DocumentStore store, string town, int payers, IReadOnlyList<int> citizens, bool quiet = false)
    {
        if (!quiet)
        {
            Console.WriteLine($"== Seeding {payers:N0} waste-fee payers (2 persons each) and {citizens.Count} to sign in");
        }

        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var all = Enumerable.Range(1, payers).Select(i =>
        {
            var load = i <= citizens.Count;
            var g = load ? citizens[i - 1] : i;
            var name = load ? $"Zátěžový Poplatník{g}" : $"Poplatník {i}";
            var born = Born(g);
            return new Registration
            {
                Id = Guid.CreateVersion7(),
                Number = i,
                FeeCode = FeeCodes.Waste,
                PayerName = name,
                PayerBirthDate = born,
                Address = Address(g),
                From = new DateOnly(2020, 1, 1),
                Subjects = [new FeeSubject { Name = name, BirthDate = born, From = new DateOnly(2020, 1, 1) }, new FeeSubject { Name = "Člen domácnosti " + i, BirthDate = born.AddYears(3), From = new DateOnly(2020, 1, 1) }],
                CreatedAt = now,
                CreatedBy = "benchmark",
            };
        });
        foreach (var chunk in all.Chunk(20_000))
        {
            await store.BulkInsertAsync(town, chunk);
        }

        await using var session = store.LightweightSession(town);
        session.Store(new RegistrationCounter { Id = FeeCodes.Waste, Last = payers });
        await session.SaveChangesAsync();
        if (!quiet)
        {
            Console.WriteLine($"seeded in {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    internal static DateOnly Born(int citizen) => new DateOnly(1950, 1, 1).AddDays(citizen % 20_000);

    internal static string Address(int citizen) => $"Lipová {citizen}, 100 00 Město Demo";

    internal static async Task<string> CreateClerk(DocumentStore store, string town = DraftLoad.Town)
    {
        await using var session = store.LightweightSession(town);
        var email = $"zatez.urednik.{Guid.NewGuid():N}@mesto.cz";
        var clerk = UserAccount.CreatePersonal("Zátěžový Úředník", email, string.Empty, DateTimeOffset.UtcNow, PortalRoles.Clerk);
        clerk.SetAgendas([Agendas.Fees]);
        clerk.PasswordHash = new PasswordHasher<UserAccount>().HashPassword(clerk, DraftLoad.Password);
        clerk.EmailConfirmed = true;
        session.Insert(clerk);
        session.Insert(new EmailIndex { Id = EmailIndex.Normalize(email), UserId = clerk.Id });
        await session.SaveChangesAsync();
        return email;
    }

    /// <summary>The clerk's "assess year N" through the API, polled until completed; then the raw COPY of the same rows.</summary>
    private static async Task Assess(HttpClient fees, string connection, int year, int payers)
    {
        Console.WriteLine($"== Assessing {year} for {payers:N0} payers");
        var watch = Stopwatch.StartNew();
        (await fees.PostAsJsonAsync("/api/fees/assessments", new { feeCode = FeeCodes.Waste, year })).EnsureSuccessStatusCode();
        JsonElement run;
        var lastPrint = 0L;
        while (true)
        {
            var runs = await fees.GetFromJsonAsync<JsonElement[]>("/api/fees/assessments");
            run = runs!.Single(r => r.GetProperty("id").GetString() == $"{FeeCodes.Waste}-{year}");
            if (run.GetProperty("status").GetString() == "Completed")
            {
                break;
            }

            if (watch.ElapsedMilliseconds - lastPrint > 10_000)
            {
                lastPrint = watch.ElapsedMilliseconds;
                Console.WriteLine($"  {watch.Elapsed.TotalSeconds:F0} s: {run.GetProperty("processed").GetInt64():N0} processed");
            }

            await Task.Delay(200);
        }

        var assessSeconds = watch.Elapsed.TotalSeconds;
        var created = run.GetProperty("created").GetInt64();
        Console.WriteLine(string.Create(Inv, $"assessment                  : {assessSeconds,8:F1} s  {created:N0} obligations created ({created / assessSeconds:N0} per second)"));
        try
        {
            var copySeconds = await RawCopy(connection, year);
            Console.WriteLine(string.Create(Inv, $"raw COPY of the same rows   : {copySeconds,8:F1} s  (documents, streams and events of {year})"));
            Console.WriteLine(string.Create(Inv, $"ratio assessment / COPY     : {assessSeconds / copySeconds:F1}x"));
        }
        catch (PostgresException e)
        {
            // The floor is a comparison aid; the figures that follow matter more than losing it.
            Console.WriteLine($"raw COPY of the same rows   : failed ({e.SqlState}: {e.MessageText})");
        }
    }

    /// <summary>The rows the assessment wrote, exported and copied back into plain tables: the floor for writing them.</summary>
    private static async Task<double> RawCopy(string connection, int year)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var statements = new[]
        {
            $"CREATE TEMP TABLE ids AS SELECT id FROM fees.mt_doc_obligation WHERE (data->>'Year')::int = {year}",
            "CREATE TABLE IF NOT EXISTS public.copy_docs (LIKE fees.mt_doc_obligation INCLUDING DEFAULTS)",
            "CREATE TABLE IF NOT EXISTS public.copy_streams (LIKE portal.mt_streams INCLUDING DEFAULTS)",
            "CREATE TABLE IF NOT EXISTS public.copy_events (LIKE portal.mt_events INCLUDING DEFAULTS)",
            "COPY (SELECT d.* FROM fees.mt_doc_obligation d JOIN ids USING (id)) TO '/tmp/bench-docs.copy' (FORMAT binary)",
            "COPY (SELECT s.* FROM portal.mt_streams s JOIN ids USING (id)) TO '/tmp/bench-streams.copy' (FORMAT binary)",
            "COPY (SELECT e.* FROM portal.mt_events e JOIN ids ON e.stream_id = ids.id) TO '/tmp/bench-events.copy' (FORMAT binary)",
        };
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        foreach (var (table, path) in new[] { ("public.copy_docs", "/tmp/bench-docs.copy"), ("public.copy_streams", "/tmp/bench-streams.copy"), ("public.copy_events", "/tmp/bench-events.copy") })
        {
            await using var command = new NpgsqlCommand($"COPY {table} FROM '{path}' (FORMAT binary)", db) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<List<(string Vs, decimal Amount)>> Obligations(string connection, int year, int count)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT data->>'VariableSymbol', (data->>'Assessed')::numeric FROM fees.mt_doc_obligation WHERE (data->>'Year')::int = {year} AND data->>'PayerName' NOT LIKE 'Zátěžový%' AND (data->>'Paid')::numeric = 0 LIMIT {count}", db);
        var list = new List<(string, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetDecimal(1)));
        }

        return list;
    }

    /// <summary>Uploads a statement paying these obligations and waits until the ledger has them; answers the host's peak RSS (kB).</summary>
    private static async Task<long> ImportStatement(HttpClient clerk, string baseUrl, Process host, string connection, int year, List<(string Vs, decimal Amount)> paying, string name)
    {
        var bytes = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 1, DateOnly.FromDateTime(DateTime.UtcNow),
            paying.Select((p, i) => new GpcItem(p.Amount, Posting.Credit, p.Vs, Text: "Platba " + i, DocumentNumber: (i + 1).ToString(Inv) + name.Length)));
        await File.WriteAllTextAsync($"/proc/{host.Id}/clear_refs", "5"); // reset the peak (VmHWM)
        var page = Parser.ParseDocument(await clerk.GetStringAsync("/Payments/Statements"));
        var token = page.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var paidBefore = await PaidCount(connection, year);
        var settledBefore = await Settled(baseUrl);
        var watch = Stopwatch.StartNew();
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "file", name + ".gpc" } };
        var response = await clerk.PostAsync("/Payments/Statements", content);
        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("Upload failed: " + response.StatusCode);
        var id = location.Split('/')[^1];
        JsonElement import;
        while (true)
        {
            import = (await clerk.GetFromJsonAsync<JsonElement>($"/api/payments/statements/{id}"))!;
            if (import.GetProperty("status").GetString() == "Completed")
            {
                break;
            }

            await Task.Delay(100);
        }

        var imported = watch.Elapsed.TotalSeconds;
        if (import.GetProperty("matched").GetInt32() != paying.Count)
        {
            throw new InvalidOperationException($"Only {import.GetProperty("matched").GetInt32():N0} of {paying.Count:N0} lines matched an obligation: " + import);
        }

        // The ledger's own counter (counted after each commit) tells when it is done; asking the database instead
        // means scanning two million documents every poll, which takes CPU from the ledger being measured.
        while (await Settled(baseUrl) - settledBefore < paying.Count && watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        var settled = watch.Elapsed.TotalSeconds;
        var paid = await PaidCount(connection, year) - paidBefore;
        if (paid != paying.Count)
        {
            throw new InvalidOperationException($"The ledger counted {paying.Count:N0} settled payments, the database shows {paid:N0} obligations newly paid.");
        }

        var peak = File.ReadAllLines($"/proc/{host.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv)).Single();
        Console.WriteLine(string.Create(Inv, $"import {paying.Count,7:N0} lines ({bytes.Length / 1024.0 / 1024.0:F1} MB): parsed and matched in {imported:F1} s, settled in the ledger at {settled:F1} s; matched {import.GetProperty("matched").GetInt32():N0}, queued {import.GetProperty("queued").GetInt32()}, errors {import.GetProperty("errorCount").GetInt32()}"));
        return peak;
    }

    /// <summary>Payments settled in the ledger so far, by the host's Prometheus counter (all channels).</summary>
    private static async Task<long> Settled(string baseUrl)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(baseUrl + "/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("portal_fees_payments_settled_total{", StringComparison.Ordinal))
            .Sum(l => (long)double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], Inv));
    }

    private static async Task<long> PaidCount(string connection, int year)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM fees.mt_doc_obligation WHERE (data->>'Year')::int = {year} AND (data->>'Paid')::numeric > 0", db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Signs a new person in through the NIA emulator over the real OIDC redirects.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> Jars = [];

    /// <summary>The Cookie header a browser signed in as this client would send.</summary>
    /// <summary>
    /// One citizen's page at <see cref="DraftLoad.Citizens"/> concurrent citizens (each with its own session) and plain
    /// Kestrel serving the same bytes from another process, 10 s each in .NET and with wrk: rates, p99 and the ratio.
    /// </summary>
    private static async Task MeasurePageAsync(string name, string path, HttpClient[] citizens, IReadOnlyList<string> cookies, string baseUrl)
    {
        var sample = await citizens[0].GetStringAsync(path);
        var page = await DraftLoad.Measure($"{name} (GET {path})", TimeSpan.FromSeconds(10), async i =>
        {
            var response = await citizens[i].GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        });
        var plainPort = DraftLoad.FreePort();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, sample);
        using var plain = Process.Start(new ProcessStartInfo("dotnet", [typeof(FeesLoad).Assembly.Location, "plain", plainPort.ToString(Inv), file]))!;
        try
        {
            await DraftLoad.WaitFor($"http://127.0.0.1:{plainPort}/");
            using var plainClient = new HttpClient();
            var plainRps = await DraftLoad.Measure("plain Kestrel (same bytes)", TimeSpan.FromSeconds(10), async _ =>
            {
                var response = await plainClient.GetAsync($"http://127.0.0.1:{plainPort}/");
                await response.Content.ReadAsByteArrayAsync();
                return response.StatusCode == HttpStatusCode.OK;
            });
            Console.WriteLine($"ratio {name} / plain Kestrel: {page / plainRps:P1}  ({Encoding.UTF8.GetByteCount(sample):N0} bytes per page)");
            var portalWrk = await Wrk.RunAsync($"{name}, wrk", baseUrl + path, cookies);
            var plainWrk = await Wrk.RunAsync("plain Kestrel, wrk", $"http://127.0.0.1:{plainPort}/", []);
            if (portalWrk > 0 && plainWrk > 0)
            {
                Console.WriteLine($"ratio {name} / plain Kestrel (wrk): {portalWrk / plainWrk:P1}");
            }
        }
        finally
        {
            plain.Kill();
            File.Delete(file);
        }
    }

    internal static string CookieHeader(HttpClient client, string baseUrl) =>
        Jars.TryGetValue(client, out var jar) ? jar.GetCookieHeader(new Uri(baseUrl)) : throw new InvalidOperationException("not signed in here");

    internal static async Task<HttpClient> NiaSignIn(string baseUrl, string given, string family, DateOnly born, string address)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(DraftLoad.Handler(jar, redirects: true)) { BaseAddress = new Uri(baseUrl) };
        Jars.Add(client, jar);
        var picker = await client.GetAsync("/Account/Nia");
        var document = Parser.ParseDocument(await picker.Content.ReadAsStringAsync());
        var form = document.QuerySelector("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"The NIA sign-in answered {(int)picker.StatusCode} {picker.RequestMessage?.RequestUri} without a form:\n{document.Body?.TextContent}");
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type is "hidden").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.AddRange(new Dictionary<string, string>
        {
            ["emulator.person"] = string.Empty,
            ["emulator.given"] = given,
            ["emulator.family"] = family,
            ["emulator.dob"] = born.ToString("yyyy-MM-dd", Inv),
            ["emulator.pid"] = "CZ/CZ/bench-" + given + family, // the same person each run: paired once, found again
            ["emulator.address"] = address, // the register's address: pairing compares it beside the name and birth date
            ["emulator.action"] = "signin",
        });
        var action = new Uri(picker.RequestMessage!.RequestUri!, form.GetAttribute("action") ?? string.Empty);
        var done = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        done.EnsureSuccessStatusCode();
        return client;
    }
}
