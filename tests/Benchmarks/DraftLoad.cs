using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Identity;
using Portal.Forms.Domain;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Benchmarks;

/// <summary>
/// Forms issue figures: with N drafts already in the store, 50 signed-in citizens (each its own cookie session)
/// save a draft step as fast as they can, then submit prepared drafts; a plain Kestrel endpoint taking the same JSON
/// body is measured beside it in the same run.
/// </summary>
internal static partial class DraftLoad
{
    /// <summary>Concurrent citizens (the operations issue's target is measured at 200); BENCH_CITIZENS changes it.</summary>
    internal static readonly int Citizens = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CITIZENS"), out var n) ? n : 200;
    internal const string Password = "Zatěžový test portálu 2026";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string hostDll, int seededDrafts)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Portal") ?? throw new InvalidOperationException("ConnectionStrings__Portal is not set");
        var port = FreePort();
        using var host = StartHost(hostDll, port);
        var baseUrl = $"http://127.0.0.1:{port}";
        await WaitFor(baseUrl + "/health/ready");

        Console.WriteLine($"== Seeding {seededDrafts:N0} drafts and {Citizens} citizens");
        var watch = Stopwatch.StartNew();
        using var store = Store(connection, o =>
        {
            o.Schema.For<Draft>().DatabaseSchemaName("forms").UseOptimisticConcurrency(true);
            o.Schema.For<UserAccount>().DatabaseSchemaName("identity");
            o.Schema.For<EmailIndex>().DatabaseSchemaName("identity");
        });
        var form = FormCatalog.FromEmbeddedDefinitions().Newest("obecne-podani")!;
        var now = DateTimeOffset.UtcNow;
        var drafts = Enumerable.Range(0, seededDrafts).Select(i =>
        {
            var d = Draft.Start(form, Guid.NewGuid(), "Občan " + i, $"obcan{i}@example.cz", now.AddMinutes(-i));
            d.Values["adresa.street"] = "Lipová " + i;
            return d;
        });
        foreach (var chunk in drafts.Chunk(10_000))
        {
            await store.BulkInsertAsync(Town, chunk);
        }

        var hasher = new PasswordHasher<UserAccount>();
        var emails = new List<string>();
        await using (var session = store.LightweightSession(Town))
        {
            for (var i = 0; i < Citizens; i++)
            {
                var email = $"zatez{i}.{Guid.NewGuid():N}@example.cz";
                var account = UserAccount.CreatePersonal("Zátěžový Občan " + i, email, string.Empty, now, PortalRoles.Citizen);
                account.PasswordHash = hasher.HashPassword(account, Password);
                account.EmailConfirmed = true;
                session.Insert(account);
                session.Insert(new EmailIndex { Id = EmailIndex.Normalize(email), UserId = account.Id });
                emails.Add(email);
            }

            await session.SaveChangesAsync();
        }

        Console.WriteLine($"seeded in {watch.Elapsed.TotalSeconds:F1} s");
        var clients = await Task.WhenAll(emails.Select(e => SignIn(baseUrl, e)));

        // Save: each citizen saves step 0 of its own draft again and again (revision carried forward).
        var own = await Task.WhenAll(clients.Select(c => NewDraft(c)));
        var revisions = own.Select(_ => 1).ToArray();
        var values = new Dictionary<string, string> { ["podatel.name"] = "Zátěžový Občan", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" };
        var save = await Measure("draft save (PUT step)", TimeSpan.FromSeconds(10), async i =>
        {
            var response = await clients[i].PutAsJsonAsync($"/api/forms/drafts/{own[i]}/steps/0", new { revision = revisions[i], next = false, values });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            revisions[i] = body.GetProperty("revision").GetInt32();
            return response.StatusCode == HttpStatusCode.OK;
        });

        using var plainClient = new HttpClient();
        var plainPort = FreePort();
        var sample = Path.GetTempFileName();
        await File.WriteAllTextAsync(sample, "<p>plain</p>");
        using var plain = Process.Start(new ProcessStartInfo("dotnet", [typeof(DraftLoad).Assembly.Location, "plain", plainPort.ToString(Inv), sample]))!;
        await WaitFor($"http://127.0.0.1:{plainPort}/");
        var plainSave = await Measure("plain Kestrel (PUT JSON)", TimeSpan.FromSeconds(10), async _ =>
        {
            var response = await plainClient.PutAsJsonAsync($"http://127.0.0.1:{plainPort}/json", new { revision = 1, next = false, values });
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode == HttpStatusCode.OK;
        });
        plain.Kill();

        // Submission: 20 complete drafts per citizen prepared first, then sent as fast as possible.
        var ready = await Task.WhenAll(clients.Select(async c =>
        {
            var list = new Queue<(Guid, int)>();
            for (var k = 0; k < 20; k++)
            {
                var id = await NewDraft(c);
                var r0 = await (await c.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/0", new { revision = 1, next = true, values })).Content.ReadFromJsonAsync<JsonElement>();
                var r1 = await (await c.PutAsJsonAsync($"/api/forms/drafts/{id}/steps/1", new
                {
                    revision = r0.GetProperty("revision").GetInt32(),
                    next = true,
                    values = new Dictionary<string, string> { ["agenda"] = "filing", ["vec"] = "Zátěžové podání", ["text"] = "Text zátěžového podání číslo " + k },
                })).Content.ReadFromJsonAsync<JsonElement>();
                list.Enqueue((id, r1.GetProperty("revision").GetInt32()));
            }

            return list;
        }));
        var registeredBefore = await Count(store);
        var submitted = 0;
        var submit = await Measure("submission (POST)", TimeSpan.FromSeconds(60), async i =>
        {
            if (!ready[i].TryDequeue(out var next))
            {
                return null;
            }

            var response = await clients[i].PostAsJsonAsync($"/api/forms/drafts/{next.Item1}/submission", new { revision = next.Item2 });
            Interlocked.Increment(ref submitted);
            return response.StatusCode == HttpStatusCode.Accepted;
        });
        var registration = Stopwatch.StartNew();
        while (await Count(store) - registeredBefore < submitted && registration.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        Console.WriteLine($"{submitted} submissions registered (reference numbers given) {registration.Elapsed.TotalSeconds:F1} s after the last answer");
        Console.WriteLine($"ratio draft save / plain Kestrel: {save / plainSave:P1}");
        host.Kill(entireProcessTree: true);
        _ = submit;
        return 0;
    }

    private static async Task<long> Count(IDocumentStore store)
    {
        await using var session = store.QuerySession(Town);
        return await session.QueryAsync<long>("select count(*) from filing.mt_doc_submission").ContinueWith(t => t.Result.Single(), TaskScheduler.Default);
    }

    /// <summary>The 99th percentile (ms) of the last <see cref="Measure"/>.</summary>
    internal static double LastP99 { get; private set; }

    internal static async Task<double> Measure(string name, TimeSpan duration, Func<int, Task<bool?>> call)
    {
        var latencies = new List<double>[Citizens];
        var errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Citizens).Select(async i =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await call(i);
                if (ok is null)
                {
                    return;
                }

                latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (ok == false)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var rps = all.Count / elapsed;
        LastP99 = all[(int)(all.Count * 0.99)];
        Console.WriteLine(string.Create(Inv, $"{name,-28}: {rps,8:F0} req/s  p50 {all[all.Count / 2],7:F2} ms  p99 {all[(int)(all.Count * 0.99)],7:F2} ms  ({all.Count} requests, {errors} errors, {Citizens} clients)"));
        return rps;
    }

    internal static async Task<HttpClient> SignIn(string baseUrl, string email)
    {
        var client = new HttpClient(Handler(new CookieContainer(), redirects: false)) { BaseAddress = new Uri(baseUrl) };
        var form = await client.GetStringAsync("/Account/Login");
        var token = Token().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode == HttpStatusCode.Redirect ? client
            : throw new InvalidOperationException($"Sign-in failed for {email}: {(int)response.StatusCode}\n{Regex.Replace(await response.Content.ReadAsStringAsync(), "<[^>]+>", " ")}");
    }

    internal static async Task<Guid> NewDraft(HttpClient client)
    {
        // Under load a start may time out or be refused for a moment (503 while the pool is exhausted): tried again.
        for (var attempt = 1; ; attempt++)
        {
            var created = await client.PostAsJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
            var body = await created.Content.ReadAsStringAsync();
            if (created.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"A draft could not be started: {(int)created.StatusCode} {body}");
            }

            await Task.Delay(500 * attempt);
        }
    }

    /// <summary>A client handler that sends every name (a town's <c>*.localhost</c>) to this machine's loopback.</summary>
    internal static SocketsHttpHandler Handler(CookieContainer jar, bool redirects) => new()
    {
        CookieContainer = jar,
        AllowAutoRedirect = redirects,
        MaxConnectionsPerServer = 1024,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The town the single-town benchmarks seed and load (the host's one town, on 127.0.0.1).</summary>
    internal const string Town = "mesto-demo";

    /// <summary>A store over the host's schemas as the host maps them: every document and event belongs to a town.</summary>
    internal static DocumentStore Store(string connection, Action<Marten.StoreOptions> configure) => DocumentStore.For(o =>
    {
        o.Connection(connection);
        o.DatabaseSchemaName = "portal";
        o.AutoCreateSchemaObjects = AutoCreate.None;
        o.Policies.AllDocumentsAreMultiTenanted();
        o.Events.TenancyStyle = JasperFx.MultiTenancy.TenancyStyle.Conjoined;
        configure(o);
    });

    internal static Process StartHost(string dll, int port, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            // The project folder is the content root (wwwroot, appsettings.json), as build/run.sh runs it.
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Identity__SignInPermitsPerMinute"] = "1000000";
        info.Environment["Email__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "portal-bench-mail");
        // One town on the address the load is sent to (a benchmark of many towns names its towns itself).
        info.Environment["Portal__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        info.Environment["Portal__TownId"] = Town;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        // BENCH_HOST_LOG=FILE keeps the host's console output (its errors) for a look afterwards.
        var log = Environment.GetEnvironmentVariable("BENCH_HOST_LOG") is { Length: > 0 } path ? TextWriter.Synchronized(new StreamWriter(path, append: true) { AutoFlush = true }) : null;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log?.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitFor(string url, TimeSpan? within = null)
    {
        using var client = new HttpClient();
        for (var until = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1)); DateTime.UtcNow < until;)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(url);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
