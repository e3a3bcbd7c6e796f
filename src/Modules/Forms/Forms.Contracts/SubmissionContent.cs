using System.Security.Cryptography;
using System.Text;

namespace Portal.Forms.Contracts;

/// <summary>
/// The canonical form of a submission's content: what its SHA-256 ("otisk obsahu") on the receipt is computed over,
/// written so that anyone can recompute it with ordinary tools (<c>sha256sum obsah.txt</c>), without knowing how the
/// portal serialises JSON. UTF-8 without BOM, lines ended by LF (0x0A), the last line too:
/// <code>
/// portal-obsah-podani 1
/// formular&#9;{code}@{version}
/// hodnota&#9;{key}&#9;{value}      one line per value, ordered by key (bytes of UTF-8, ascending)
/// priloha&#9;{sha256}&#9;{name}    one line per attached file, ordered by its SHA-256 (upper-case hex)
/// </code>
/// In keys, values and names a backslash is written <c>\\</c>, a tab <c>\t</c>, a line feed <c>\n</c> and a
/// carriage return <c>\r</c>; nothing else is changed.
/// </summary>
public static class SubmissionContent
{
    public const string Header = "portal-obsah-podani 1";

    public static string Canonical(string formCode, int formVersion, IReadOnlyDictionary<string, string> values, IEnumerable<SubmittedAttachment> attachments)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        sb.Append("formular\t").Append(Escape(formCode)).Append('@').Append(formVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (key, value) in values.OrderBy(v => Encoding.UTF8.GetBytes(v.Key), ByteOrder.Instance))
        {
            sb.Append("hodnota\t").Append(Escape(key)).Append('\t').Append(Escape(value)).Append('\n');
        }

        foreach (var a in attachments.OrderBy(a => a.Sha256.ToUpperInvariant(), StringComparer.Ordinal).ThenBy(a => a.Id))
        {
            sb.Append("priloha\t").Append(a.Sha256.ToUpperInvariant()).Append('\t').Append(Escape(a.FileName)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The SHA-256 of the canonical form's UTF-8 bytes, upper-case hex.</summary>
    public static string Digest(string canonical) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
