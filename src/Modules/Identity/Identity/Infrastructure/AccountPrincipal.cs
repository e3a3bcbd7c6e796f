using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Portal.Identity.Contracts;
using Portal.Identity.Features;

namespace Portal.Identity.Infrastructure;

/// <summary>Builds the sign-in cookie's principal: the claims <see cref="CurrentUser.From"/> reads.</summary>
internal static class AccountPrincipal
{
    public static ClaimsPrincipal Create(AccountSnapshot account, string method)
    {
        var claims = new List<Claim>
        {
            new(PortalClaimTypes.UserId, account.Id.ToString()),
            new(ClaimTypes.Name, account.Name),
            new(PortalClaimTypes.LevelOfAssurance, account.Level.ToString()),
            new(PortalClaimTypes.SignInMethod, method),
        };
        if (account.Email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, account.Email));
        }

        claims.AddRange(account.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(account.Agendas.Select(a => new Claim(PortalClaimTypes.Agenda, a)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Maps NIA's acr (eIDAS LoA URI) to our level; without an acr the level asked for stands.</summary>
    public static LevelOfAssurance ParseLevel(string? acr, string requested)
    {
        var value = (acr ?? requested).ToLower(CultureInfo.InvariantCulture);
        return value switch
        {
            _ when value.EndsWith("high", StringComparison.Ordinal) => LevelOfAssurance.High,
            _ when value.EndsWith("substantial", StringComparison.Ordinal) => LevelOfAssurance.Substantial,
            _ when value.EndsWith("low", StringComparison.Ordinal) => LevelOfAssurance.Low,
            _ => LevelOfAssurance.None,
        };
    }
}
