using Marten;
using Portal.Shared.Towns;
using Portal.Shared.Validation;
using Portal.Towns;

namespace Portal.Host.Infrastructure;

/// <summary>
/// Scripted provisioning: <c>dotnet Portal.Host.dll town add --id obec-vzor --name "Obec Vzor" --host obcan.obec-vzor.cz
/// --prefix OVZOR --fee-account 2000145508/0100 --admin-email starosta@obec-vzor.cz [--admin-name "Jana Nová"]</c>, with
/// the portal's own settings (connection string, key ring) from the same places as the portal's. It opens the town as
/// the operator's console does (same validation, same outbox message that sets the modules up and invites the first
/// administrator), waits until that setup has been handled, and exits: 0 when the town is open, 2 when the input is
/// refused (each reason on its own line), 1 when something else failed. It may run while the portal runs: it takes
/// over no other node's work (Wolverine's durability agent is off in it), and what it leaves unfinished, a running
/// portal finishes.
/// </summary>
public static class TownCommand
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["--id"] = "Id",
        ["--name"] = "Name",
        ["--host"] = "HostNames",
        ["--prefix"] = "ReferencePrefix",
        ["--fee-account"] = "FeeAccount",
        ["--admin-email"] = "AdministratorEmail",
        ["--admin-name"] = "AdministratorName",
    };

    public const string Usage = """
        Usage: dotnet Portal.Host.dll town add --id <id> --name <name> --host <host> [--host <host> ...]
                 --prefix <PREFIX> --fee-account <[prefix-]number/bank> --admin-email <e-mail> [--admin-name <name>]
                 [--ConnectionStrings:Portal=... and any other portal setting]
        """;

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "town";

    /// <summary>Splits the command's own options from the portal's settings (everything else is passed to the host).</summary>
    public static (Dictionary<string, List<string>> Values, List<string> Settings) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && Options.ContainsKey(n) ? (n, v) : (args[i], null);
            if (!Options.TryGetValue(name, out var field))
            {
                settings.Add(args[i]);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value"));
            (values.TryGetValue(field, out var list) ? list : values[field] = []).Add(value);
        }

        return (values, settings);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[1] != "add")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        Dictionary<string, List<string>> values;
        List<string> settings;
        try
        {
            (values, settings) = Parse(args[2..]);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Usage);
            return 2;
        }

        string? One(string field) => values.TryGetValue(field, out var v) ? v[^1] : null;

        // The portal itself, on a loopback port nobody is sent to, taking over no one's work.
        settings.Add("--urls=http://127.0.0.1:0");
        settings.Add("--Wolverine:Durability:DurabilityAgentEnabled=false");
        var builder = WebApplication.CreateBuilder(settings.ToArray());
        builder.AddPortal();
        await using var app = builder.Build();
        app.UsePortal();
        try
        {
            await app.StartAsync();
            var id = await TownsModule.AddTownAsync(app.Services, One("Id"), One("Name"),
                values.TryGetValue("HostNames", out var hosts) ? string.Join('\n', hosts) : null,
                One("ReferencePrefix"), One("FeeAccount"), One("AdministratorEmail"), One("AdministratorName"), CancellationToken.None);

            // The town is open once its modules have handled the message that sets it up.
            var store = app.Services.GetRequiredService<IDocumentStore>();
            for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(500))
            {
                await using var session = store.QuerySession(id);
                if (await Operations.CountQueuedAsync(session, id, CancellationToken.None) == 0)
                {
                    break;
                }

                if (waited > TimeSpan.FromMinutes(2))
                {
                    await Console.Error.WriteLineAsync($"Town {id} is saved, its setup is still queued; the running portal finishes it.");
                    break;
                }

                await Task.Delay(500);
            }

            var town = app.Services.GetRequiredService<ITowns>().Find(id)!;
            Console.WriteLine($"Town {id} ({town.Name}) is open at {town.PublicBaseUrl}; its first administrator ({One("AdministratorEmail")?.Trim()}) is invited by e-mail.");
            await app.StopAsync();
            return 0;
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    await Console.Error.WriteLineAsync($"{field}: {message}");
                }
            }

            await app.StopAsync();
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync(StartFailure.Describe(e));
            return 1;
        }
    }
}
