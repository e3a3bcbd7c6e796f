using Portal.NiaEmulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddNiaEmulator(builder.Configuration);
var app = builder.Build();
app.UseNiaEmulator();
await app.RunAsync();

/// <summary>The emulator's entry point; public so tests can host it.</summary>
public partial class Program;
