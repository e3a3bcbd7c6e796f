using Portal.NiaEmulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddNiaEmulator(builder.Configuration);
var app = builder.Build();
app.UseNiaEmulator();
await app.RunAsync();
