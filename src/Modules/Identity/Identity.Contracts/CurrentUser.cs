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

    /// <summary>Správce formulářů: builds, publishes and withdraws the town's forms (granted by an administrator).</summary>
    public const string FormManager = "form-manager";

    /// <summary>The provider's operator (provozovatel): creates, suspends and removes towns; exists only in the platform's console.</summary>
    public const string PlatformOperator = "operator";
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

    /// <summary>The server-side session the cookie points at (its secret; the database holds only its hash).</summary>
    public const string Session = "portal:sid";

    /// <summary>"true" when this session was signed in through NIA at the level personal data needs.</summary>
    public const string Verified = "portal:verified";

    /// <summary>"true" when the account is linked to a NIA identity (so "verify" means a NIA sign-in, not linking).</summary>
    public const string NiaLinked = "portal:nialinked";
}

/// <summary>
/// Who is signed in, as other modules may know it: an id, a name, the level of assurance of <b>this session</b>
/// (a password session is <see cref="LevelOfAssurance.None"/>, whatever the account once proved) and which roles and
/// agendas the account holds now. Identity rebuilds the claims from the server-side session on every request; no
/// module reads Identity's data.
/// </summary>
/// <param name="IsVerified">
/// The one policy for personal data tied to a person (fees, payments, address, date of birth): this session was
/// signed in through NIA at the level the town requires (at least substantial). Pages and APIs ask this; they do
/// not re-derive it.
/// </param>
public sealed record CurrentUser(
    Guid Id,
    string Name,
    string? Email,
    LevelOfAssurance Level,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Agendas,
    bool IsVerified = false,
    string Method = "",
    bool IsNiaLinked = false)
{
    /// <summary>Clerks and administrators: they are never asked to verify through NIA for their work.</summary>
    public bool IsStaff => Roles.Contains(PortalRoles.Clerk) || Roles.Contains(PortalRoles.Administrator) || Roles.Contains(PortalRoles.FormManager) || IsOperator;

    public bool IsOperator => Roles.Contains(PortalRoles.PlatformOperator);

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
            principal.FindAll(PortalClaimTypes.Agenda).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindFirstValue(PortalClaimTypes.Verified) == "true",
            principal.FindFirstValue(PortalClaimTypes.SignInMethod) ?? string.Empty,
            principal.FindFirstValue(PortalClaimTypes.NiaLinked) == "true");
    }
}

/// <summary>Where "ověřit přes NIA" leads, returning to the page it was clicked on.</summary>
public static class NiaVerification
{
    /// <summary>
    /// A NIA sign-in for an account already linked to a NIA identity; for one that is not, the owner's explicit
    /// linking (a confirmation names both sides). Never a silent link.
    /// </summary>
    public static string Link(CurrentUser? me, string returnUrl)
    {
        var back = "?returnUrl=" + Uri.EscapeDataString(returnUrl);
        return me is { IsNiaLinked: false } ? "/Account/LinkNia" + back : "/Account/Nia" + back;
    }
}
