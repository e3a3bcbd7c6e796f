using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Payments.Gateway;

/// <summary>What the gateway says a payment's state is.</summary>
public enum GatewayState
{
    Pending,
    Authorized,
    Paid,
    Cancelled,
}

public sealed record GatewayCreateRequest(Guid RefId, long PriceMinor, string Currency, string Label, string? Email);

public sealed record GatewayCreated(string TransactionId, Uri RedirectUrl);

public sealed record GatewayStatus(string TransactionId, string RefId, long PriceMinor, string Currency, GatewayState State);

/// <summary>
/// A card payment gateway (DOMAIN.md §5): create a payment, send the citizen to the gateway, and ask the gateway
/// for a payment's state whenever it tells us something (return or notification) before trusting it.
/// </summary>
public interface ICardGateway
{
    Task<GatewayCreated> CreateAsync(GatewayCreateRequest request, CancellationToken ct);

    Task<GatewayStatus> StatusAsync(string transactionId, CancellationToken ct);

    /// <summary>Checks a notification's credentials; gives its transaction id, or null when it is not from the gateway.</summary>
    string? VerifyNotification(IReadOnlyDictionary<string, string> fields);
}

public sealed class GatewayException(string message) : Exception(message);

/// <summary>Settings of the ComGate connection (section "Payments:ComGate").</summary>
public sealed class ComGateOptions
{
    public const string Section = "Payments:ComGate";

    /// <summary>https://payments.comgate.cz for the real gateway; the emulator's address in development and tests.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5091";

    /// <summary>Payments in ComGate's test mode (no money moves).</summary>
    public bool Test { get; set; } = true;

    /// <summary>Payment method offered, ComGate's code (ALL, CARD_CZ_CSOB_2, …).</summary>
    public string Method { get; set; } = "CARD_ALL";
}

/// <summary>
/// ComGate's HTTP API 1.0: <c>POST /v1.0/create</c> (merchant, price in haléře, curr, label, refId, method, email,
/// prepareOnly, secret → code, message, transId, redirect), <c>POST /v1.0/status</c> (merchant, transId, secret →
/// code, status PAID/CANCELLED/PENDING/AUTHORIZED, price, curr, refId), and a push notification POSTed to the
/// shop with the same fields plus the shared secret; the shop answers 200 and re-checks with /status.
/// </summary>
public sealed class ComGateGateway(HttpClient http, IOptions<ComGateOptions> options, Portal.Shared.Towns.ITowns towns) : ICardGateway
{
    /// <summary>The current town's merchant at the gateway and its secret (each town its own contract).</summary>
    private (string MerchantId, string Secret) Merchant()
    {
        var town = towns.Current;
        return (town.GatewayMerchant, towns.Secret(town.Id, Portal.Shared.Towns.TownSecrets.GatewaySecret) ?? string.Empty);
    }

    public async Task<GatewayCreated> CreateAsync(GatewayCreateRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var m = Merchant();
        var answer = await PostAsync("/v1.0/create", new Dictionary<string, string>
        {
            ["merchant"] = m.MerchantId,
            ["test"] = o.Test ? "true" : "false",
            ["country"] = "CZ",
            ["price"] = request.PriceMinor.ToString(CultureInfo.InvariantCulture),
            ["curr"] = request.Currency,
            ["label"] = request.Label.Length <= 16 ? request.Label : request.Label[..16],
            ["refId"] = request.RefId.ToString("N"),
            ["method"] = o.Method,
            ["email"] = request.Email ?? string.Empty,
            ["prepareOnly"] = "true",
            ["lang"] = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "cs",
            ["secret"] = m.Secret,
        }, ct);
        if (!answer.TryGetValue("transId", out var id) || !answer.TryGetValue("redirect", out var redirect) || !Uri.TryCreate(redirect, UriKind.Absolute, out var url))
        {
            throw new GatewayException("ComGate create answered without transId or redirect.");
        }

        return new GatewayCreated(id, url);
    }

    public async Task<GatewayStatus> StatusAsync(string transactionId, CancellationToken ct)
    {
        var o = options.Value;
        var m = Merchant();
        var answer = await PostAsync("/v1.0/status", new Dictionary<string, string>
        {
            ["merchant"] = m.MerchantId,
            ["transId"] = transactionId,
            ["secret"] = m.Secret,
        }, ct);
        var state = answer.GetValueOrDefault("status") switch
        {
            "PAID" => GatewayState.Paid,
            "CANCELLED" => GatewayState.Cancelled,
            "AUTHORIZED" => GatewayState.Authorized,
            "PENDING" => GatewayState.Pending,
            var other => throw new GatewayException($"ComGate status answered an unknown state '{other}'."),
        };
        if (answer.GetValueOrDefault("merchant") != m.MerchantId || answer.GetValueOrDefault("transId") != transactionId)
        {
            throw new GatewayException("ComGate status answered for another merchant or transaction.");
        }

        return new GatewayStatus(transactionId, answer.GetValueOrDefault("refId") ?? string.Empty,
            long.TryParse(answer.GetValueOrDefault("price"), NumberStyles.None, CultureInfo.InvariantCulture, out var price) ? price : -1,
            answer.GetValueOrDefault("curr") ?? string.Empty, state);
    }

    public string? VerifyNotification(IReadOnlyDictionary<string, string> fields)
    {
        var o = options.Value;
        var m = Merchant();
        var secret = fields.GetValueOrDefault("secret") ?? string.Empty;
        var sameSecret = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(m.Secret));
        return sameSecret && m.Secret.Length > 0 && fields.GetValueOrDefault("merchant") == m.MerchantId && fields.GetValueOrDefault("transId") is { Length: > 0 } id ? id : null;
    }

    private async Task<Dictionary<string, string>> PostAsync(string path, Dictionary<string, string> fields, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri(new Uri(options.Value.BaseUrl.TrimEnd('/') + "/"), path.TrimStart('/')), new FormUrlEncodedContent(fields), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new GatewayException($"ComGate {path} answered HTTP {(int)response.StatusCode}.");
        }

        var answer = ParseForm(body);
        if (answer.GetValueOrDefault("code") != "0")
        {
            throw new GatewayException($"ComGate {path} refused: code {answer.GetValueOrDefault("code")} {answer.GetValueOrDefault("message")}");
        }

        return answer;
    }

    internal static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);
}
