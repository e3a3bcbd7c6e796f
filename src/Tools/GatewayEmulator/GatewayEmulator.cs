using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Portal.GatewayEmulator;

/// <summary>A merchant the emulator knows: its id, shared secret and where it wants notifications and the citizen back.</summary>
public sealed class Merchant
{
    public string Id { get; set; } = string.Empty;
    public string Secret { get; set; } = string.Empty;
    public string NotifyUrl { get; set; } = string.Empty;

    /// <summary>With <c>${id}</c> and <c>${refId}</c> placeholders, as ComGate's merchant settings take it.</summary>
    public string ReturnUrl { get; set; } = string.Empty;
}

public sealed class GatewayOptions
{
    public string PublicUrl { get; set; } = "http://localhost:5091/";
    public List<Merchant> Merchants { get; set; } = [];
}

public sealed record Transaction(string Id, Merchant Merchant, long Price, string Currency, string Label, string RefId, string Method, string Email, bool Test)
{
    public string Status { get; set; } = "PENDING";
}

/// <summary>
/// A stand-in for ComGate (the real one is outside our machine) that speaks its HTTP API 1.0: form-encoded
/// <c>/v1.0/create</c> and <c>/v1.0/status</c> answering <c>code=0&amp;message=OK&amp;…</c>, a payment page where the
/// tester pays or cancels, a server-to-server push notification with the merchant's secret, and the return redirect
/// with <c>id</c> and <c>refId</c>. "Pay, notify twice" sends the notification twice (as real gateways do).
/// </summary>
public static class Emulator
{
    private static readonly ConcurrentDictionary<string, Transaction> Transactions = new();

    public static IServiceCollection AddGatewayEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GatewayOptions>(configuration.GetSection("Gateway"));
        services.AddHttpClient("notify", c => c.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }

    public static WebApplication UseGatewayEmulator(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value;
        Merchant? Authenticate(IFormCollection form)
        {
            var merchant = options.Merchants.FirstOrDefault(m => m.Id == form["merchant"].ToString());
            return merchant is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(merchant.Secret), Encoding.UTF8.GetBytes(form["secret"].ToString())) ? merchant : null;
        }

        app.MapPost("/v1.0/create", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (Authenticate(form) is not { } merchant)
            {
                return Answer(("code", "1400"), ("message", "Unauthorized access"));
            }

            if (!long.TryParse(form["price"], NumberStyles.None, CultureInfo.InvariantCulture, out var price) || price < 100 || string.IsNullOrEmpty(form["refId"]) || form["label"].ToString().Length is 0 or > 16)
            {
                return Answer(("code", "1309"), ("message", "Incorrect amount, refId or label"));
            }

            var id = $"{RandomPart()}-{RandomPart()}-{RandomPart()}";
            Transactions[id] = new Transaction(id, merchant, price, form["curr"].ToString() is { Length: 3 } c ? c : "CZK", form["label"]!, form["refId"]!, form["method"]!, form["email"]!, form["test"] == "true");
            return Answer(("code", "0"), ("message", "OK"), ("transId", id), ("redirect", $"{options.PublicUrl.TrimEnd('/')}/client/instructions/index?id={id}"));
        });

        app.MapPost("/v1.0/status", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (Authenticate(form) is not { } merchant)
            {
                return Answer(("code", "1400"), ("message", "Unauthorized access"));
            }

            if (!Transactions.TryGetValue(form["transId"].ToString(), out var t) || t.Merchant != merchant)
            {
                return Answer(("code", "1500"), ("message", "Unknown transaction"));
            }

            return Answer(Fields(t).Prepend(("message", "OK")).Prepend(("code", "0")).ToArray());
        });

        app.MapGet("/client/instructions/index", (string id) =>
        {
            if (!Transactions.TryGetValue(id, out var t))
            {
                return Results.NotFound();
            }

            var amount = (t.Price / 100m).ToString("N2", CultureInfo.GetCultureInfo("cs-CZ"));
            var html = $$"""
                <!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><title>Platební brána (emulátor)</title></head>
                <body><main><h1>Platební brána – emulátor ComGate</h1>
                <p>Obchodník: {{WebUtility.HtmlEncode(t.Merchant.Id)}} · {{WebUtility.HtmlEncode(t.Label)}}</p>
                <p>Částka: <strong data-testid="amount">{{amount}} {{WebUtility.HtmlEncode(t.Currency)}}</strong> · transakce {{t.Id}}</p>
                <form method="post" action="/client/pay">
                <input type="hidden" name="id" value="{{t.Id}}">
                <label for="card">Číslo karty</label> <input id="card" name="card" value="4111 1111 1111 1111" autocomplete="off">
                <button type="submit" name="result" value="PAID" data-testid="pay">Zaplatit</button>
                <button type="submit" name="result" value="PAID-TWICE" data-testid="pay-twice">Zaplatit (oznámení dvakrát)</button>
                <button type="submit" name="result" value="CANCELLED" data-testid="cancel">Zrušit platbu</button>
                </form></main></body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapPost("/client/pay", async (HttpContext http, IHttpClientFactory clients, ILogger<Transaction> logger) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!Transactions.TryGetValue(form["id"].ToString(), out var t))
            {
                return Results.NotFound();
            }

            var result = form["result"].ToString();
            if (t.Status == "PENDING")
            {
                t.Status = result.StartsWith("PAID", StringComparison.Ordinal) ? "PAID" : "CANCELLED";
            }

            // PAID-SILENT: paid, but the notification never reaches the shop and the citizen does not come back (the
            // shop was unreachable): only the shop's own status check finds out.
            if (result == "PAID-SILENT")
            {
                return Results.Text("paid; the shop was not told", "text/plain; charset=utf-8");
            }

            var client = clients.CreateClient("notify");
            for (var i = 0; i < (result == "PAID-TWICE" ? 2 : 1); i++)
            {
                try
                {
                    var fields = Fields(t).Append(("secret", t.Merchant.Secret)).ToDictionary(f => f.Item1, f => f.Item2);
                    using var response = await client.PostAsync(t.Merchant.NotifyUrl, new FormUrlEncodedContent(fields));
                    logger.LogInformation("Notified {Url} of {Id}: {Status}", t.Merchant.NotifyUrl, t.Id, (int)response.StatusCode);
                }
                catch (HttpRequestException e)
                {
                    logger.LogWarning(e, "Notification of {Id} failed", t.Id);
                }
            }

            var back = t.Merchant.ReturnUrl.Replace("${id}", Uri.EscapeDataString(t.Id), StringComparison.Ordinal).Replace("${refId}", Uri.EscapeDataString(t.RefId), StringComparison.Ordinal);
            return Results.Redirect(back);
        });

        app.MapGet("/", () => Results.Text("ComGate emulator: POST /v1.0/create, POST /v1.0/status, GET /client/instructions/index?id=…"));
        return app;
    }

    private static IEnumerable<(string, string)> Fields(Transaction t) =>
    [
        ("merchant", t.Merchant.Id), ("test", t.Test ? "true" : "false"), ("price", t.Price.ToString(CultureInfo.InvariantCulture)),
        ("curr", t.Currency), ("label", t.Label), ("refId", t.RefId), ("method", t.Method), ("email", t.Email), ("transId", t.Id), ("status", t.Status),
    ];

    private static IResult Answer(params (string Key, string Value)[] fields) =>
        Results.Text(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))), "application/x-www-form-urlencoded");

    private static string RandomPart() => Convert.ToHexString(RandomNumberGenerator.GetBytes(2));
}
