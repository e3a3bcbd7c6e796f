using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.NiaEmulator;

/// <summary>
/// A small OpenID Connect provider that speaks like NIA: discovery at /fpsts/oidc/openid-configuration, the
/// authorization code flow with PKCE, RS256 id_tokens carrying eIDAS attribute names (released only when asked for
/// in the <c>claims</c> parameter), loa* scopes and the achieved level in <c>acr</c>, front-channel end session.
/// OpenIddict runs in degraded mode: no database, the clients come from configuration.
/// </summary>
public static class Emulator
{
    public const string Base = "fpsts/oidc";

    public static readonly string[] NiaClaimNames =
        ["PersonIdentifier", "CurrentGivenName", "CurrentFamilyName", "DateOfBirth", "PlaceOfBirth", "CurrentAddress", "eMail", "phonenumber", "age", "isAgeOver"];

    public static IServiceCollection AddNiaEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmulatorOptions>(configuration.GetSection(EmulatorOptions.Section));
        var options = configuration.GetSection(EmulatorOptions.Section).Get<EmulatorOptions>() ?? new EmulatorOptions();
        var root = options.PublicUrl.TrimEnd('/') + "/" + Base + "/";

        services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri(options.Issuer, UriKind.Absolute));
            o.SetConfigurationEndpointUris(new Uri(root + "openid-configuration"));
            o.SetAuthorizationEndpointUris(new Uri(root + "authorize"));
            o.SetTokenEndpointUris(new Uri(root + "token"));
            o.SetEndSessionEndpointUris(new Uri(root + "endsession"));
            o.SetJsonWebKeySetEndpointUris(new Uri(root + "jwks"));
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, "loalow", "loasubstantial", "loahigh", "publicsector");
            o.RegisterClaims([.. NiaClaimNames, "acr"]);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.DisableTokenStorage();
            o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            // Degraded mode leaves client checks to us: known client id, registered redirect URI, right secret.
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                var client = Find(ctx.Transaction, ctx.ClientId);
                if (client is null)
                {
                    ctx.Reject(Errors.InvalidClient, "Unknown client_id (the SeP must be registered).");
                }
                else if (ctx.RedirectUri is null || !client.RedirectUris.Contains(ctx.RedirectUri, StringComparer.Ordinal))
                {
                    ctx.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
                }

                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                var client = Find(ctx.Transaction, ctx.ClientId);
                if (client is null || !string.Equals(client.ClientSecret, ctx.ClientSecret, StringComparison.Ordinal))
                {
                    ctx.Reject(Errors.InvalidClient, "Client authentication failed.");
                }

                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(b => b.UseInlineHandler(ctx =>
            {
                var registered = Clients(ctx.Transaction).SelectMany(c => c.PostLogoutRedirectUris);
                if (ctx.PostLogoutRedirectUri is not null && !registered.Contains(ctx.PostLogoutRedirectUri, StringComparer.Ordinal))
                {
                    ctx.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered.");
                }

                return default;
            }));
        });
        return services;
    }

    public static WebApplication UseNiaEmulator(this WebApplication app)
    {
        app.MapMethods("/" + Base + "/authorize", ["GET", "POST"], Authorize);
        app.MapMethods("/" + Base + "/endsession", ["GET", "POST"], (HttpContext http) =>
            Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        app.MapGet("/", () => Results.Content("NIA emulator: discovery at /" + Base + "/openid-configuration", "text/plain"));
        return app;
    }

    private static IEnumerable<EmulatorClient> Clients(OpenIddictServerTransaction transaction) =>
        transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<EmulatorOptions>>().CurrentValue.Clients;

    private static EmulatorClient? Find(OpenIddictServerTransaction transaction, string? clientId) =>
        Clients(transaction).FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    private static async Task<IResult> Authorize(HttpContext http, IOptionsMonitor<EmulatorOptions> options)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
        var requested = RequestedLevel(request);
        if (form is null || string.IsNullOrEmpty(form["emulator.action"]))
        {
            return Results.Content(Page(request, options.CurrentValue.Persons, requested), "text/html; charset=utf-8");
        }

        if (form["emulator.action"] == "cancel")
        {
            return Results.Forbid(
                new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person cancelled the sign-in.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var person = options.CurrentValue.Persons.FirstOrDefault(p => p.PersonIdentifier == form["emulator.person"])
            ?? TypedPerson(form);
        if (person is null)
        {
            return Results.Content(Page(request, options.CurrentValue.Persons, requested, "Vyberte osobu nebo vyplňte jméno a příjmení."), "text/html; charset=utf-8", statusCode: 400);
        }

        var level = form["emulator.level"].ToString() is { Length: > 0 } chosen ? chosen : requested;
        var omitted = form["emulator.omit"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var released = ReleasedClaims(request).Where(c => !omitted.Contains(c)).ToHashSet(StringComparer.Ordinal);

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, "CurrentFamilyName", null);

        // OpenIddict needs a subject; NIA's own tokens carry none. The portal keys on PersonIdentifier only.
        identity.AddClaim(new Claim(Claims.Subject, person.PersonIdentifier).SetDestinations(Destinations.AccessToken));
        identity.AddClaim(new Claim("acr", "http://eidas.europa.eu/LoA/" + level).SetDestinations(Destinations.IdentityToken));
        foreach (var (name, value) in Attributes(person))
        {
            if (value is not null && released.Contains(name))
            {
                identity.AddClaim(new Claim(name, value).SetDestinations(Destinations.IdentityToken));
            }
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>NIA releases an attribute only when the <c>claims</c> parameter asks for it.</summary>
    private static IEnumerable<string> ReleasedClaims(OpenIddictRequest request)
    {
        var claims = (string?)request["claims"];
        if (string.IsNullOrWhiteSpace(claims))
        {
            return ["PersonIdentifier"];
        }

        using var document = JsonDocument.Parse(claims);
        return document.RootElement.TryGetProperty("id_token", out var idToken) && idToken.ValueKind == JsonValueKind.Object
            ? idToken.EnumerateObject().Select(p => p.Name).ToList()
            : ["PersonIdentifier"];
    }

    private static string RequestedLevel(OpenIddictRequest request) =>
        request.HasScope("loahigh") ? "high" : request.HasScope("loasubstantial") ? "substantial" : "low";

    private static EmulatorPerson? TypedPerson(IFormCollection form)
    {
        string given = form["emulator.given"].ToString().Trim(), family = form["emulator.family"].ToString().Trim();
        if (given.Length == 0 || family.Length == 0)
        {
            return null;
        }

        var id = form["emulator.pid"].ToString().Trim();
        return new EmulatorPerson
        {
            PersonIdentifier = id.Length > 0 ? id : "CZ/CZ/" + Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture),
            CurrentGivenName = given,
            CurrentFamilyName = family,
            DateOfBirth = NullIfEmpty(form["emulator.dob"]),
            CurrentAddress = NullIfEmpty(form["emulator.address"]),
            EMail = NullIfEmpty(form["emulator.email"]),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IEnumerable<(string, string?)> Attributes(EmulatorPerson p) =>
    [
        ("PersonIdentifier", p.PersonIdentifier), ("CurrentGivenName", p.CurrentGivenName), ("CurrentFamilyName", p.CurrentFamilyName),
        ("DateOfBirth", p.DateOfBirth), ("PlaceOfBirth", p.PlaceOfBirth), ("CurrentAddress", p.CurrentAddress), ("eMail", p.EMail),
    ];

    private static string Page(OpenIddictRequest request, IEnumerable<EmulatorPerson> persons, string level, string? error = null)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"cs\"><head><meta charset=\"utf-8\"><title>NIA emulátor</title></head><body>");
        html.Append("<main><h1>Emulátor národní identity (NIA)</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Služba <strong>{E(request.ClientId)}</strong> žádá o přihlášení na úrovni záruky <strong>{E(level)}</strong>.</p>");
        if (error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\">{E(error)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/{Base}/authorize\">");
        foreach (var (name, value) in request.GetParameters())
        {
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E((string?)value)}\">");
        }

        html.Append("<fieldset><legend>Testovací osoba</legend>");
        var first = true;
        foreach (var p in persons)
        {
            html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"emulator.person\" value=\"{E(p.PersonIdentifier)}\"{(first ? " checked" : string.Empty)}> {E(p.CurrentGivenName)} {E(p.CurrentFamilyName)}, nar. {E(p.DateOfBirth)}</label><br>");
            first = false;
        }

        html.Append("<label><input type=\"radio\" name=\"emulator.person\" value=\"\"> Jiná osoba:</label><br>");
        html.Append("<label>Jméno <input name=\"emulator.given\"></label> <label>Příjmení <input name=\"emulator.family\"></label> ");
        html.Append("<label>Datum narození <input name=\"emulator.dob\" placeholder=\"1990-01-31\"></label> <label>Adresa <input name=\"emulator.address\"></label> ");
        html.Append("<label>E-mail <input name=\"emulator.email\"></label> <label>PersonIdentifier <input name=\"emulator.pid\"></label></fieldset>");
        html.Append("<label>Dosažená úroveň <select name=\"emulator.level\">");
        foreach (var l in new[] { "low", "substantial", "high" })
        {
            html.Append(CultureInfo.InvariantCulture, $"<option{(l == level ? " selected" : string.Empty)}>{l}</option>");
        }

        html.Append("</select></label> <label>Neposílat atributy (čárkou) <input name=\"emulator.omit\"></label><p>");
        html.Append("<button type=\"submit\" name=\"emulator.action\" value=\"signin\">Přihlásit</button> ");
        html.Append("<button type=\"submit\" name=\"emulator.action\" value=\"cancel\">Zrušit</button></p></form></main></body></html>");
        return html.ToString();
    }
}
