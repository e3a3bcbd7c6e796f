using System.Security.Claims;
using System.Threading.RateLimiting;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Features;
using Portal.Identity.Infrastructure;
using Portal.Shared.Web;

namespace Portal.Identity;

/// <summary>The Identity module's one entry point: accounts, NIA sign-in, roles, the sign-in cookie.</summary>
public static class IdentityModule
{
    /// <summary>The cookie that carries a person's session (its presence makes an API write a possible forgery).</summary>
    public const string SessionCookieName = "portal.auth";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string ExternalScheme = "nia-external";
    public const string NiaScheme = "nia";
    public const string SignInRateLimit = "identity-signin";
    public const string AdministratorPolicy = "administrator";
    public const string OperatorPolicy = "platform-operator";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.Section));
        services.AddOptions<Portal.Shared.Web.ContentSecurityOptions>().Configure<Microsoft.Extensions.Options.IOptions<IdentityOptions>>((csp, identity) =>
        {
            if (identity.Value.Nia.Enabled)
            {
                csp.AllowFormTarget(identity.Value.Nia.Authority); // sign-out ends at NIA's end-session page
            }
        });
        var options = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var https = Portal.Shared.PortalOptions.IsHttpsIn(configuration);

        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<IdentityMetrics>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<InitialAdministrator>();
        services.AddSingleton<DemoData>();
        services.AddHostedService<IdentityStartup>();
        services.AddHostedService<IdentityTotalsRefresher>();

        services.ConfigureMarten(m =>
        {
            m.Schema.For<UserAccount>().DatabaseSchemaName("identity").Index(a => a.Kind);
            m.Schema.For<EmailIndex>().DatabaseSchemaName("identity");
            m.Schema.For<NiaLink>().DatabaseSchemaName("identity");
            m.Schema.For<UserToken>().DatabaseSchemaName("identity").UseOptimisticConcurrency(true).Index(t => t.UserId);
            m.Schema.For<SignInRecord>().DatabaseSchemaName("identity").Index(s => s.UserId).Index(s => s.Month);
            m.Schema.For<UserSession>().DatabaseSchemaName("identity").Index(s => s.UserId);
            m.Schema.For<SignInThrottle>().DatabaseSchemaName("identity");
            m.Schema.For<MailSent>().DatabaseSchemaName("identity");
        });

        var auth = services.AddAuthentication(CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = SessionCookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/Account/Login";
                o.AccessDeniedPath = "/Account/AccessDenied";

                // The cookie only points at a server-side session, which has its own idle and absolute limits;
                // the cookie itself never outlives the longest absolute lifetime and never renews itself.
                o.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(options.Sessions.AbsoluteHours, options.Sessions.StaffAbsoluteHours));
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<Sessions>().ValidateAsync(ctx);
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            })
            .AddCookie(ExternalScheme, o =>
            {
                o.Cookie.Name = "portal.nia";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });

        if (options.Nia.Enabled)
        {
            auth.AddOpenIdConnect(NiaScheme, "NIA", o => ConfigureNia(o, options.Nia));

            // An id_token is accepted only when NIA issued it to the town the answer came back to.
            services.AddOptions<OpenIdConnectOptions>(NiaScheme).Configure<Portal.Shared.Towns.ITowns>((o, towns) =>
            {
                o.TokenValidationParameters.AudienceValidator = (audiences, _, _) =>
                    Portal.Shared.Towns.TownContext.CurrentId is { } town && towns.Find(town) is { } profile && audiences.Contains(profile.NiaClientId, StringComparer.Ordinal);
                var v = o.ProtocolValidator;
                o.ProtocolValidator = new TownProtocolValidator(towns)
                {
                    RequireSub = v.RequireSub,
                    RequireStateValidation = v.RequireStateValidation,
                    RequireState = v.RequireState,
                    RequireNonce = v.RequireNonce,
                    NonceLifetime = v.NonceLifetime,
                    RequireTimeStampInNonce = v.RequireTimeStampInNonce,
                    RequireAcr = v.RequireAcr,
                    RequireAmr = v.RequireAmr,
                    RequireAuthTime = v.RequireAuthTime,
                    RequireAzp = v.RequireAzp,
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AdministratorPolicy, p => p.RequireRole(PortalRoles.Administrator))
            // The operator's role exists only in the platform's console; the check of the console keeps it there.
            .AddPolicy(OperatorPolicy, p => p.RequireRole(PortalRoles.PlatformOperator).RequireAssertion(_ => Portal.Shared.Towns.TownContext.CurrentId == Portal.Shared.Towns.TownContext.PlatformId))
            .AddPolicy(Agendas.Policy(Agendas.Filing), p => p.RequireRole(PortalRoles.Clerk).RequireClaim(PortalClaimTypes.Agenda, Agendas.Filing))
            .AddPolicy(Agendas.Policy(Agendas.Fees), p => p.RequireRole(PortalRoles.Clerk).RequireClaim(PortalClaimTypes.Agenda, Agendas.Fees))
            .AddPolicy(Agendas.Policy(Agendas.Building), p => p.RequireRole(PortalRoles.Clerk).RequireClaim(PortalClaimTypes.Agenda, Agendas.Building))
            .AddPolicy(Agendas.Policy(Agendas.Registry), p => p.RequireRole(PortalRoles.Clerk).RequireClaim(PortalClaimTypes.Agenda, Agendas.Registry));

        // Password guessing: a fixed window per client address on the endpoints that check passwords,
        // on top of the per-account lockout.
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.OnRejected = (ctx, _) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            r.AddPolicy(SignInRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInPermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("get"));
        });

        return services;
    }

    public static IEndpointRouteBuilder MapIdentityModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/Account/Nia", (string? returnUrl, HttpContext http, IOptions<IdentityOptions> options) =>
        {
            if (!options.Value.Nia.Enabled)
            {
                return Results.Redirect("/Account/Login");
            }

            var target = "/Account/NiaComplete" + (SafeRedirect.IsLocal(returnUrl) ? "?returnUrl=" + Uri.EscapeDataString(returnUrl!) : string.Empty);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [NiaScheme]);
        }).AllowAnonymous();

        var api = endpoints.MapGroup("/api/identity").WithTags("Identity");
        api.MapPost("/registrations", async (RegistrationRequest body, IMediator mediator, IStringLocalizer<IdentityText> t, CancellationToken ct) =>
        {
            await mediator.Send(new Register(body.Name, body.Email, body.Password), ct);
            return Results.Accepted(value: new { message = t["Pokud adresa ještě nebyla registrována, poslali jsme na ni odkaz k potvrzení."].Value });
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimit);

        api.MapPost("/password-reset-requests", async (PasswordResetRequest body, IMediator mediator, IStringLocalizer<IdentityText> t, CancellationToken ct) =>
        {
            await mediator.Send(new ForgotPassword(body.Email), ct);
            return Results.Accepted(value: new { message = t["Pokud u nás adresa má účet, poslali jsme na ni odkaz pro nastavení hesla."].Value });
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimit);

        api.MapGet("/me", (ClaimsPrincipal user) => CurrentUser.From(user) is { } me ? Results.Ok(me) : Results.Unauthorized())
            .RequireAuthorization();

        api.MapGet("/statistics", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetStatistics(), ct)))
            .RequireAuthorization(AdministratorPolicy);

        return endpoints;
    }

    public sealed record RegistrationRequest(string? Name, string? Email, string? Password);

    public sealed record PasswordResetRequest(string? Email);

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static void ConfigureNia(OpenIdConnectOptions o, NiaOptions nia)
    {
        if (string.IsNullOrWhiteSpace(nia.Authority))
        {
            throw new InvalidOperationException("Identity:Nia:Authority must be set when NIA is enabled.");
        }

        // Each town is its own registered service at NIA: its client id and secret are the town's settings, put into
        // every request to NIA for the town the request is for; an id_token is accepted only when issued to that town.
        static Portal.Shared.Towns.ITowns Towns(HttpContext http) => http.RequestServices.GetRequiredService<Portal.Shared.Towns.ITowns>();

        o.SignInScheme = ExternalScheme;
        o.SignOutScheme = CookieScheme;
        o.Authority = nia.Authority;
        o.MetadataAddress = nia.MetadataAddress ?? nia.Authority.TrimEnd('/') + "/openid-configuration";
        o.RequireHttpsMetadata = nia.RequireHttpsMetadata;
        o.ClientId = "(the town's client id)";
        o.TokenValidationParameters.ValidateAudience = true;
        o.ResponseType = "code";
        o.ResponseMode = nia.ResponseMode;
        o.UsePkce = true;
        o.CallbackPath = nia.CallbackPath;
        o.SignedOutCallbackPath = nia.SignedOutCallbackPath;
        o.SignedOutRedirectUri = "/";
        o.SaveTokens = true;
        o.MapInboundClaims = false;

        // The handler's default claim actions delete "acr" from the principal; it is the achieved level of
        // assurance, the only level the portal may trust (never the one it asked for).
        o.ClaimActions.Remove(NiaClaims.Acr);
        o.GetClaimsFromUserInfoEndpoint = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("loa" + nia.LevelOfAssurance);
        foreach (var scope in nia.ExtraScopes)
        {
            o.Scope.Add(scope);
        }

        // NIA's id_token has no "sub": the person is PersonIdentifier.
        o.ProtocolValidator.RequireSub = false;
        o.TokenValidationParameters.NameClaimType = NiaClaims.FamilyName;

        // With response_mode=query the answer is a top-level GET, so Lax cookies arrive over plain http too.
        if (string.Equals(nia.ResponseMode, "query", StringComparison.Ordinal))
        {
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        o.Events.OnRedirectToIdentityProvider = ctx =>
        {
            ctx.ProtocolMessage.ClientId = Towns(ctx.HttpContext).Current.NiaClientId;
            ctx.ProtocolMessage.SetParameter("claims", NiaClaims.ClaimsParameter());
            return Task.CompletedTask;
        };
        o.Events.OnAuthorizationCodeReceived = ctx =>
        {
            var towns = Towns(ctx.HttpContext);
            var town = towns.Current;
            ctx.TokenEndpointRequest!.ClientId = town.NiaClientId;
            ctx.TokenEndpointRequest.ClientSecret = towns.Secret(town.Id, Portal.Shared.Towns.TownSecrets.NiaClientSecret);
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToIdentityProviderForSignOut = ctx =>
        {
            ctx.ProtocolMessage.ClientId = Towns(ctx.HttpContext).Current.NiaClientId;

            // The portal's session and cookie are gone by now (ended first): the id_token comes with the sign-out.
            if (ctx.Properties?.GetTokenValue("id_token") is { } hint)
            {
                ctx.ProtocolMessage.IdTokenHint = hint;
            }

            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = ctx =>
        {
            // A forged or replayed state, a wrong nonce, issuer or audience, a refused sign-in: one clear answer.
            ctx.Response.Redirect("/Account/Login?error=nia");
            ctx.HandleResponse();
            return Task.CompletedTask;
        };
    }
}

/// <summary>Things done once at start in every town: its first administrator and, where configured, its demo people.</summary>
internal sealed class IdentityStartup(InitialAdministrator admin, DemoData demo, Portal.Shared.Towns.ITowns towns, IOptions<IdentityOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (towns.Platform is { } platform)
        {
            using var inPlatform = Portal.Shared.Towns.TownContext.Enter(platform.Id);
            await admin.EnsureOperatorAsync(cancellationToken);
        }

        foreach (var town in towns.All)
        {
            using var inTown = Portal.Shared.Towns.TownContext.Enter(town.Id);
            await admin.EnsureAsync(town.Id, cancellationToken);
            if (options.Value.DemoData.Enabled)
            {
                await demo.SeedAsync(town, towns.All[0].Id == town.Id, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>NIA's protocol checks (azp among them) against the client id of the town the answer came back to.</summary>
internal sealed class TownProtocolValidator(Portal.Shared.Towns.ITowns towns) : Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolValidator
{
    protected override void ValidateIdToken(Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolValidationContext validationContext)
    {
        validationContext.ClientId = Portal.Shared.Towns.TownContext.CurrentId is { } town && towns.Find(town) is { } profile ? profile.NiaClientId : string.Empty;
        base.ValidateIdToken(validationContext);
    }
}
