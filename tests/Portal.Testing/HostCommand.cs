using System.Diagnostics;

namespace Portal.Testing;

/// <summary>Runs the built Portal.Host.dll as a command (e.g. <c>town add ...</c>) with the fixture's settings.</summary>
public static class HostCommand
{
    public static string HostDll
    {
        get
        {
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
            return Path.Combine(Repository.Root, "src", "Host", "Portal.Host", "bin", configuration, "net10.0", "Portal.Host.dll");
        }
    }

    /// <summary>The exit code and everything written, once the command has ended (at most two minutes).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(PortalApp app, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in app.HostSettings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
