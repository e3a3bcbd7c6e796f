using Portal.Identity.Contracts;

namespace Portal.Identity.Domain;

/// <summary>A person's account: a personal registration, a NIA identity, or both linked.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }
    public string DisplayName { get; set; } = string.Empty;
    public string? Email { get; set; }
    public bool EmailConfirmed { get; set; }
    public string? PasswordHash { get; set; }
    public AccountKind Kind { get; set; }
    public List<string> Roles { get; set; } = [];
    public List<string> Agendas { get; set; } = [];
    public NiaIdentity? Nia { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set by an administrator: no sign-in, every session ended, until reactivated.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>The level the linked NIA identity last proved. What a session may see depends on the session's own level.</summary>
    public LevelOfAssurance Level => Nia?.Level ?? LevelOfAssurance.None;

    public bool IsStaff => Roles.Contains(PortalRoles.Clerk) || Roles.Contains(PortalRoles.Administrator) || Roles.Contains(PortalRoles.FormManager);

    public bool IsDeactivated => DeactivatedAt is not null;

    public static UserAccount CreatePersonal(string name, string email, string passwordHash, DateTimeOffset now, params string[] roles) => new()
    {
        Id = Guid.CreateVersion7(now),
        DisplayName = name,
        Email = email,
        PasswordHash = passwordHash,
        Kind = AccountKind.Personal,
        Roles = roles.Length == 0 ? [PortalRoles.Citizen] : [.. roles],
        CreatedAt = now,
    };

    public static UserAccount CreateFromNia(NiaIdentity nia, string? email, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        DisplayName = nia.FullName,
        Email = email,
        EmailConfirmed = false,
        Kind = AccountKind.Nia,
        Roles = [PortalRoles.Citizen],
        Nia = nia,
        CreatedAt = now,
    };

    public void RecordSignIn(DateTimeOffset now) => LastSignInAt = now;

    public void SetPassword(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>Ties this account to a NIA identity. An account holds at most one; relinking to another person is refused.</summary>
    public void LinkNia(NiaIdentity nia)
    {
        if (Nia is not null && !string.Equals(Nia.PersonIdentifier, nia.PersonIdentifier, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The account is already linked to another NIA identity.");
        }

        Nia = nia;
        DisplayName = nia.FullName;
    }

    /// <summary>
    /// Removes the NIA identity. Only an account that can still be signed into without it (a password and a
    /// confirmed e-mail) may be unlinked; the caller checks <see cref="CanUnlinkNia"/>.
    /// </summary>
    public void UnlinkNia()
    {
        if (!CanUnlinkNia)
        {
            throw new InvalidOperationException("The account has no other way to sign in.");
        }

        Nia = null;
    }

    public bool CanUnlinkNia => Nia is not null && PasswordHash is { Length: > 0 } && Email is not null && EmailConfirmed;

    public void SetAgendas(IEnumerable<string> agendas)
    {
        Agendas = agendas.Where(Contracts.Agendas.IsKnown).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!Roles.Contains(PortalRoles.Clerk))
        {
            Roles.Add(PortalRoles.Clerk);
        }
    }
}

/// <summary>The verified data NIA released about the person.</summary>
public sealed record NiaIdentity(
    string PersonIdentifier,
    string GivenName,
    string FamilyName,
    DateOnly? DateOfBirth,
    string? PlaceOfBirth,
    string? Address,
    LevelOfAssurance Level,
    DateTimeOffset VerifiedAt)
{
    public string FullName => $"{GivenName} {FamilyName}".Trim();
}

/// <summary>Makes an e-mail address unique: the id is the normalised address.</summary>
public sealed class EmailIndex
{
    public string Id { get; set; } = string.Empty;
    public Guid UserId { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

/// <summary>Makes a NIA identity belong to one account: the id is the PersonIdentifier.</summary>
public sealed class NiaLink
{
    public string Id { get; set; } = string.Empty;
    public Guid UserId { get; set; }
}

/// <summary>One sign-in, kept for the profile page and the town's statistics.</summary>
public sealed class SignInRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Method { get; set; } = string.Empty;

    /// <summary>"2026-11": what the statistics group by.</summary>
    public string Month { get; set; } = string.Empty;
    public string? UserAgent { get; set; }

    /// <summary>A sign-in at <paramref name="at"/>; its month is the town's (<paramref name="zone"/>), not UTC's.</summary>
    public static SignInRecord Create(Guid userId, string method, DateTimeOffset at, string? userAgent, TimeZoneInfo zone) => new()
    {
        Id = Guid.CreateVersion7(at),
        UserId = userId,
        At = at,
        Method = method,
        Month = TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        UserAgent = userAgent is { Length: > 200 } ? userAgent[..200] : userAgent,
    };
}
