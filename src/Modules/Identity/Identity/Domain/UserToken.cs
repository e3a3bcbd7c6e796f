using System.Security.Cryptography;
using System.Text;

namespace Portal.Identity.Domain;

public enum TokenPurpose
{
    VerifyEmail,
    ResetPassword,
}

/// <summary>
/// A one-time link token (e-mail verification, password reset). Only its SHA-256 hash is stored, as the id,
/// so a database reader cannot use a pending link.
/// </summary>
public sealed class UserToken
{
    public string Id { get; set; } = string.Empty;
    public Guid UserId { get; set; }
    public TokenPurpose Purpose { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }

    public static (UserToken Token, string Secret) Issue(Guid userId, TokenPurpose purpose, DateTimeOffset now, TimeSpan lifetime)
    {
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (new UserToken { Id = Hash(secret), UserId = userId, Purpose = purpose, ExpiresAt = now + lifetime }, secret);
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsUsable(TokenPurpose purpose, DateTimeOffset now) => Purpose == purpose && UsedAt is null && ExpiresAt > now;

    /// <summary>Voids the account's open links of a purpose (in the caller's unit of work), but for <paramref name="except"/>.</summary>
    public static async Task VoidOpenAsync(Marten.IDocumentSession session, Guid userId, TokenPurpose purpose, DateTimeOffset now, CancellationToken cancellationToken, string? except = null)
    {
        var open = await Marten.QueryableExtensions.ToListAsync(
            session.Query<UserToken>().Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now), cancellationToken);
        foreach (var token in open.Where(t => t.Id != except))
        {
            token.UsedAt = now;
            session.Store(token);
        }
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
