using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Portal.Testing;

/// <summary>
/// The one PostgreSQL cluster of a test run. build/test.sh starts it and passes PORTAL_TEST_PG; a test run
/// started elsewhere (an IDE) gets a throwaway cluster from build/pg.sh, stopped when the process ends.
/// Each test class gets its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ServerConnectionString => Server.Value;

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using var connection = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return $"{ServerConnectionString};Database={name};Include Error Detail=true";
    }

    private static string Start()
    {
        var fromScript = Environment.GetEnvironmentVariable("PORTAL_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromScript))
        {
            return fromScript;
        }

        var dir = Path.Combine(Path.GetTempPath(), "portal-test-pg-" + Environment.ProcessId);
        var port = FreePort();
        var pg = Path.Combine(Repository.Root, "build", "pg.sh");
        Run($"source '{pg}' && pg_ensure_binaries && pg_start '{dir}' {port} fast");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run($"source '{pg}' && pg_ensure_binaries && pg_stop '{dir}'");
        return $"Host=127.0.0.1;Port={port};Username=postgres";
    }

    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A port for a test server: below the system's ephemeral range (32768 and up), where the run's own outgoing
    /// connections (hundreds of database connections, a cut database link reconnecting) take their local ports, so a
    /// port handed out here is not taken by one of them before the server binds it. Free on IPv4 and IPv6 loopback
    /// ("localhost" binds both) and never handed out twice in a run.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            lock (Handed)
            {
                if (!Handed.Add(port))
                {
                    continue;
                }
            }

            if (IsFree(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || IsFree(IPAddress.IPv6Loopback, port)))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("PostgreSQL helper failed: " + process.StandardError.ReadToEnd());
        }
    }
}

/// <summary>Finds the repository (the folder holding Portal.sln) from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
