using Portal.GatewayEmulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGatewayEmulator(builder.Configuration);
var app = builder.Build();
app.UseGatewayEmulator();
await app.RunAsync();
