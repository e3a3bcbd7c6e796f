using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Infrastructure;

/// <summary>The claims of a signed-in request: the cookie's two, and the full set <see cref="CurrentUser.From"/> reads.</summary>
internal static class AccountPrincipal
{
    /// <summary>What the cookie carries: the account and the session's secret, never roles or levels.</summary>
    public static ClaimsPrincipal ForCookie(Guid userId, string sessionSecret) =>
        new(new ClaimsIdentity(
            [new Claim(PortalClaimTypes.UserId, userId.ToString()), new Claim(PortalClaimTypes.Session, sessionSecret)],
            CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The request's principal, rebuilt from the account as it is now and the session it came with.</summary>
    public static ClaimsPrincipal Create(UserAccount account, UserSession session, string sessionSecret, LevelOfAssurance required)
    {
        var claims = new List<Claim>
        {
            new(PortalClaimTypes.UserId, account.Id.ToString()),
            new(PortalClaimTypes.Session, sessionSecret),
            new(ClaimTypes.Name, account.DisplayName),
            new(PortalClaimTypes.LevelOfAssurance, session.Level.ToString()),
            new(PortalClaimTypes.SignInMethod, session.Method),
            new(PortalClaimTypes.Verified, IsVerified(account, session, required) ? "true" : "false"),
            new(PortalClaimTypes.NiaLinked, account.Nia is null ? "false" : "true"),
        };
        if (account.Email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, account.Email));
        }

        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (account.Roles.Contains(PortalRoles.Clerk))
        {
            claims.AddRange(account.Agendas.Select(a => new Claim(PortalClaimTypes.Agenda, a)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>
    /// Personal data tied to a person: this session signed in through NIA, at the required level, and the account is
    /// still linked to a NIA identity (an unlinked account's old NIA session no longer counts).
    /// </summary>
    public static bool IsVerified(UserAccount account, UserSession session, LevelOfAssurance required) =>
        session.Method == SignInMethods.Nia && session.Level >= required && account.Nia is not null;

    /// <summary>
    /// The level NIA achieved, from the id_token's <c>acr</c> (eIDAS URI <c>http://eidas.europa.eu/LoA/substantial</c>,
    /// or the <c>loa*</c> names), compared whole against the accepted values. No acr, or one we do not know (also one
    /// that only ends like a known one), is no level: never the level that was asked for.
    /// </summary>
    public static LevelOfAssurance ParseLevel(string? acr) =>
        (acr ?? string.Empty).Trim().ToLower(CultureInfo.InvariantCulture) switch
        {
            "http://eidas.europa.eu/loa/high" or "loahigh" => LevelOfAssurance.High,
            "http://eidas.europa.eu/loa/substantial" or "loasubstantial" => LevelOfAssurance.Substantial,
            "http://eidas.europa.eu/loa/low" or "loalow" => LevelOfAssurance.Low,
            _ => LevelOfAssurance.None,
        };
}
