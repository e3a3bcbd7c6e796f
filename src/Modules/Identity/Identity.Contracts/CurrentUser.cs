using System.Security.Claims;

namespace Portal.Identity.Contracts;

/// <summary>eIDAS levels of assurance; <see cref="None"/> for an account not verified through NIA.</summary>
public enum LevelOfAssurance
{
    None = 0,
    Low = 1,
    Substantial = 2,
    High = 3,
}

/// <summary>Role names used in authorisation.</summary>
public static class PortalRoles
{
    public const string Citizen = "citizen";
    public const string Clerk = "clerk";
    public const string Administrator = "admin";
}

/// <summary>The agendas a clerk can work. The code is what pages and policies use.</summary>
public static class Agendas
{
    public const string Filing = "filing";
    public const string Fees = "fees";
    public const string Building = "building";
    public const string Registry = "registry";

    public static readonly IReadOnlyList<string> All = [Filing, Fees, Building, Registry];

    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);

    /// <summary>The authorisation policy a module puts on its clerk pages for an agenda.</summary>
    public static string Policy(string agenda) => $"agenda:{agenda}";
}

/// <summary>Claim types the Identity module puts into the sign-in cookie.</summary>
public static class PortalClaimTypes
{
    public const string UserId = "portal:uid";
    public const string LevelOfAssurance = "portal:loa";
    public const string Agenda = "portal:agenda";
    public const string SignInMethod = "portal:amr";
}

/// <summary>
/// Who is signed in, as other modules may know it: an id, a name, how well the identity is verified and which
/// roles and agendas it holds. Read from the sign-in cookie's claims; no module reads Identity's data.
/// </summary>
public sealed record CurrentUser(
    Guid Id,
    string Name,
    string? Email,
    LevelOfAssurance Level,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Agendas)
{
    /// <summary>Data tied to a person (fees, payments) is shown only to an identity of at least substantial assurance.</summary>
    public bool IsVerified => Level >= LevelOfAssurance.Substantial;

    public bool IsClerkOf(string agenda) => Roles.Contains(PortalRoles.Clerk) && Agendas.Contains(agenda);

    public bool IsAdministrator => Roles.Contains(PortalRoles.Administrator);

    public static CurrentUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(PortalClaimTypes.UserId), out var id))
        {
            return null;
        }

        _ = Enum.TryParse<LevelOfAssurance>(principal.FindFirstValue(PortalClaimTypes.LevelOfAssurance), out var level);
        return new CurrentUser(
            id,
            principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            principal.FindFirstValue(ClaimTypes.Email),
            level,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindAll(PortalClaimTypes.Agenda).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
