using System.Security.Cryptography;
using System.Text;

namespace Portal.Shared.Ids;

/// <summary>
/// An id that follows from what it names (RFC 9562 version 8 from SHA-256): the same input always gives the same id, so
/// work done twice (a redelivered message, a retried line) finds what the first time wrote.
/// </summary>
public static class StableGuid
{
    public static Guid From(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8 (custom)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }

    public static Guid From(string input) => From(Encoding.UTF8.GetBytes(input));

    /// <summary>From two ids (a payment and an obligation, a registration and an account).</summary>
    public static Guid From(Guid first, Guid second)
    {
        Span<byte> input = stackalloc byte[32];
        first.TryWriteBytes(input);
        second.TryWriteBytes(input[16..]);
        return From(input);
    }
}
