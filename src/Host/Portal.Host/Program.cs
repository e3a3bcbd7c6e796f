using JasperFx;
using Portal.Host;
using Portal.Host.Infrastructure;

// Scripted provisioning of a town (docs/operations/install.md, "Adding a town"): the portal starts, opens it, exits.
if (TownCommand.Matches(args))
{
    return await TownCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();

// A JasperFx command (codegen, db-apply, ...) runs as such; otherwise the portal serves, and a start that fails (the
// database unreachable, a wrong user) ends with one clear line and a non-zero exit code, so a supervisor (systemd)
// sees the failure and restarts it.
if (args.Length > 0 && !args[0].StartsWith('-'))
{
    return await app.RunJasperFxCommands(args);
}

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    await Console.Error.WriteLineAsync(StartFailure.Describe(e));
    return 1;
}

/// <summary>The host's entry point; public so test hosts (WebApplicationFactory) can start it.</summary>
public partial class Program;
