using System.Security.Cryptography;
using System.Text;
using Portal.Identity.Contracts;

namespace Portal.Identity.Domain;

/// <summary>Why a session ended (shown to nobody but kept for the record and tests).</summary>
public enum SessionEnd
{
    SignedOut,
    SignedOutElsewhere,
    PasswordChanged,
    PasswordReset,
    Deactivated,
    ReplacedBySignIn,
    NiaUnlinked,
}

/// <summary>
/// One signed-in browser. The cookie carries only the account id and the session's secret; this document (keyed
/// by the secret's SHA-256, so a database reader cannot ride a session) says whether it still counts, how it was
/// signed in and at which level of assurance. Roles and agendas are read from the account on every request.
/// </summary>
public sealed class UserSession
{
    public string Id { get; set; } = string.Empty;
    public Guid UserId { get; set; }

    /// <summary><see cref="SignInMethods"/>: password or nia.</summary>
    public string Method { get; set; } = string.Empty;

    /// <summary>The level NIA achieved in this sign-in (from the id_token's acr); None for a password session.</summary>
    public LevelOfAssurance Level { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public string? UserAgent { get; set; }
    public string? ClientAddress { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public SessionEnd? EndReason { get; set; }

    public static (UserSession Session, string Secret) Start(Guid userId, string method, LevelOfAssurance level, DateTimeOffset now, string? userAgent, string? clientAddress)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new UserSession
        {
            Id = Hash(secret),
            UserId = userId,
            Method = method,
            Level = method == SignInMethods.Nia ? level : LevelOfAssurance.None,
            CreatedAt = now,
            LastSeenAt = now,
            UserAgent = userAgent is { Length: > 200 } ? userAgent[..200] : userAgent,
            ClientAddress = clientAddress,
        }, secret);
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Still usable: not ended, not idle for too long, not older than its absolute lifetime.</summary>
    public bool IsActive(DateTimeOffset now, SessionLimits limits) =>
        EndedAt is null && now < CreatedAt + limits.Absolute && now < LastSeenAt + limits.Idle;

    public void End(SessionEnd reason, DateTimeOffset now)
    {
        if (EndedAt is null)
        {
            EndedAt = now;
            EndReason = reason;
        }
    }
}

/// <summary>How long a session lives: idle (since the last request) and absolute (since sign-in).</summary>
public sealed record SessionLimits(TimeSpan Idle, TimeSpan Absolute)
{
    public static SessionLimits For(UserAccount account, SessionOptions options) =>
        account.IsStaff
            ? new(TimeSpan.FromMinutes(options.StaffIdleMinutes), TimeSpan.FromHours(options.StaffAbsoluteHours))
            : new(TimeSpan.FromMinutes(options.IdleMinutes), TimeSpan.FromHours(options.AbsoluteHours));
}

/// <summary>Session lifetimes (section "Identity:Sessions"); staff sessions are shorter.</summary>
public sealed class SessionOptions
{
    public int IdleMinutes { get; set; } = 30;
    public int AbsoluteHours { get; set; } = 12;
    public int StaffIdleMinutes { get; set; } = 20;
    public int StaffAbsoluteHours { get; set; } = 9;
}
