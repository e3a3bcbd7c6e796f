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
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    public LevelOfAssurance Level => Nia?.Level ?? LevelOfAssurance.None;

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

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a wrong password; from the <paramref name="policy"/>'s limit on, locks the account for a while.</summary>
    public void RecordFailedSignIn(DateTimeOffset now, LockoutPolicy policy)
    {
        FailedSignIns++;
        if (FailedSignIns >= policy.MaxFailedAttempts)
        {
            LockedUntil = now + policy.LockoutDuration;
            FailedSignIns = 0;
        }
    }

    public void RecordSignIn(DateTimeOffset now)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = now;
    }

    public void SetPassword(string passwordHash)
    {
        PasswordHash = passwordHash;
        FailedSignIns = 0;
        LockedUntil = null;
    }

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

public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan LockoutDuration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
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

    public static SignInRecord Create(Guid userId, string method, DateTimeOffset at, string? userAgent) => new()
    {
        Id = Guid.CreateVersion7(at),
        UserId = userId,
        At = at,
        Method = method,
        Month = at.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        UserAgent = userAgent is { Length: > 200 } ? userAgent[..200] : userAgent,
    };
}
