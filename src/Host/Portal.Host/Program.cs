using JasperFx;
using Portal.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();

return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point; public so test hosts (WebApplicationFactory) can start it.</summary>
public partial class Program;
