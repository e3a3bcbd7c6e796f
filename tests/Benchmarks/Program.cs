using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Portal.Benchmarks;

// Load script run against the real host (see build/bench.sh and docs/performance.md):
//   1. host cold start: process start -> first 200 from /health/live and from the sign-in page;
//   2. requests per second and p50/p99 of GET /Account/Login, and of a plain Kestrel endpoint serving a page of the
//      same size from a separate process of the same machine in the same run; the ratio of the two.
if (args.Length > 0 && args[0] == "plain")
{
    var body = File.ReadAllText(args[2]);
    var plain = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
    plain.WebHost.UseUrls($"http://127.0.0.1:{args[1]}");
    plain.Logging.ClearProviders(); // the same as the portal under load: no per-request log lines
    var app = plain.Build();
    app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Content(body, "text/html; charset=utf-8"));
    app.MapPut("/json", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return Microsoft.AspNetCore.Http.Results.Json(new { step = 0, revision = text.Length, errors = new Dictionary<string, string[]>() });
    });
    await app.RunAsync();
    return 0;
}

if (args.Length > 0 && args[0] == "fees")
{
    return await Portal.Benchmarks.FeesLoad.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000);
}

if (args.Length > 0 && args[0] == "reminders")
{
    return await Portal.Benchmarks.RemindersLoad.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);
}

if (args.Length > 0 && args[0] == "towns")
{
    return await Portal.Benchmarks.TownsLoad.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 25_000, args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1_000_000);
}

if (args.Length > 0 && args[0] == "drafts")
{
    return await Portal.Benchmarks.DraftLoad.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000);
}

var hostDll = args.Length > 0 ? args[0] : throw new ArgumentException("usage: Portal.Benchmarks <Portal.Host.dll> [seconds] [concurrency]");
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var culture = CultureInfo.InvariantCulture;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("== Host cold start (new process each time; run 1 also creates the schema)");
var starts = new List<(double Live, double Page)>();
for (var run = 1; run <= 4; run++)
{
    var port = FreePort();
    var watch = Stopwatch.StartNew();
    using var host = DraftLoad.StartHost(hostDll, port);
    var live = await WaitFor($"http://127.0.0.1:{port}/health/live", watch);
    var page = await WaitFor($"http://127.0.0.1:{port}/Account/Login", watch);
    starts.Add((live, page));
    Console.WriteLine(string.Create(culture, $"run {run}: /health/live {live:F0} ms, first sign-in page {page:F0} ms"));
    host.Kill(entireProcessTree: true);
    await host.WaitForExitAsync();
}

var warm = starts.Skip(1).ToList();
Console.WriteLine(string.Create(culture, $"cold start (runs 2-4, median): live {Median(warm.Select(s => s.Live)):F0} ms, first page {Median(warm.Select(s => s.Page)):F0} ms"));

Console.WriteLine($"== Throughput: {concurrency} concurrent clients, {seconds} s each after a 3 s warm-up");
var portalPort = FreePort();
using var portal = DraftLoad.StartHost(hostDll, portalPort);
await WaitFor($"http://127.0.0.1:{portalPort}/health/live", Stopwatch.StartNew());
var portalUrl = $"http://127.0.0.1:{portalPort}/Account/Login";
var html = await http.GetStringAsync(portalUrl);
var sample = Path.GetTempFileName();
await File.WriteAllTextAsync(sample, html);

var plainPort = FreePort();
using var plainServer = Process.Start(new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "plain", plainPort.ToString(culture), sample]) { RedirectStandardOutput = true })!;
await WaitFor($"http://127.0.0.1:{plainPort}/", Stopwatch.StartNew());

var portalResult = await Load(portalUrl);
var plainResult = await Load($"http://127.0.0.1:{plainPort}/");
Console.WriteLine(string.Create(culture, $"sign-in page   : {portalResult.Rps,8:F0} req/s  p50 {portalResult.P50,6:F2} ms  p99 {portalResult.P99,6:F2} ms  ({html.Length} chars, errors {portalResult.Errors})"));
Console.WriteLine(string.Create(culture, $"plain Kestrel  : {plainResult.Rps,8:F0} req/s  p50 {plainResult.P50,6:F2} ms  p99 {plainResult.P99,6:F2} ms"));
Console.WriteLine(string.Create(culture, $"ratio portal / plain: {portalResult.Rps / plainResult.Rps:P0}"));

portal.Kill(entireProcessTree: true);
plainServer.Kill(entireProcessTree: true);
return 0;

async Task<(double Rps, double P50, double P99, int Errors)> Load(string url)
{
    await Run(url, TimeSpan.FromSeconds(3));
    var (count, latencies, errors) = await Run(url, TimeSpan.FromSeconds(seconds));
    latencies.Sort();
    return (count / (double)seconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], errors);
}

async Task<(int Count, List<double> Latencies, int Errors)> Run(string url, TimeSpan duration)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var errors = 0;
    var all = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var mine = new List<double>();
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }

            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return mine;
    }));
    var latencies = all.SelectMany(l => l).ToList();
    return (latencies.Count, latencies, errors);
}

static async Task<double> WaitFor(string url, Stopwatch watch)
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    while (watch.Elapsed < TimeSpan.FromSeconds(60))
    {
        try
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return watch.Elapsed.TotalMilliseconds;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(10);
    }

    throw new TimeoutException(url);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
