using System.Diagnostics;

namespace Portal.Identity.Tests;

/// <summary>Operations: a start that fails exits non-zero with one clear line, so a supervisor sees it and restarts.</summary>
public sealed class StartFailureTests
{
    [Fact]
    public async Task A_start_that_cannot_reach_the_database_exits_non_zero_with_one_line_on_stderr()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.Host.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["ConnectionStrings__Portal"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=3";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.Contains("The portal did not start", line);
        Assert.Contains("127.0.0.1:1", line);
    }
}
