using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks;

/// <summary>
/// The load generator from outside .NET (Debian's wrk): the same number of connections as citizens, 10 s, each
/// request with the next citizen's Cookie header (a Lua script), so every request is a signed-in citizen's page.
/// Skipped with a note where wrk is not installed (apt-get install wrk).
/// </summary>
internal static partial class Wrk
{
    public static async Task<double> RunAsync(string name, string url, IReadOnlyList<string> cookies)
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine($"{name,-28}: skipped (wrk is not installed: apt-get install wrk)");
            return 0;
        }

        var script = Path.GetTempFileName();
        var lua = new StringBuilder("cookies = {\n");
        foreach (var cookie in cookies)
        {
            lua.Append("  \"").Append(cookie.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\",\n");
        }

        lua.Append("""
            }
            counter = 0
            request = function()
              counter = counter + 1
              if #cookies == 0 then return wrk.format("GET") end
              return wrk.format("GET", nil, { ["Cookie"] = cookies[(counter % #cookies) + 1] })
            end
            """);
        await File.WriteAllTextAsync(script, lua.ToString());
        var connections = Math.Max(DraftLoad.Citizens, 2);
        var info = new ProcessStartInfo("/usr/bin/wrk", ["-t2", $"-c{connections}", "-d10s", "--latency", "-s", script, url]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var rps = Requests().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        string Percentile(string p) => Regex.Match(output, $@"^\s*{p}%\s+(\S+)", RegexOptions.Multiline) is { Success: true } l ? l.Groups[1].Value : "?";
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } e ? e.Groups[1].Value : "0";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28}: {rps,8:F0} req/s  p50 {Percentile("50"),9}  p99 {Percentile("99"),9}  ({errors} non-2xx, {connections} connections)"));
        return rps;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Requests();
}
