using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Payments.Domain;

/// <summary>A payment as QR Platba carries it (the keys this portal writes; others are kept when read).</summary>
public sealed record SpaydPayment(
    string Iban,
    decimal? Amount,
    string Currency = "CZK",
    string? VariableSymbol = null,
    string? ConstantSymbol = null,
    string? SpecificSymbol = null,
    DateOnly? DueDate = null,
    string? Message = null,
    string? RecipientName = null);

/// <summary>
/// SPAYD 1.0 (Short Payment Descriptor, the ČBA "QR Platba" standard; DOMAIN.md §2): <c>SPD*1.0*KEY:VALUE*…</c>.
/// The writer checks every limit and escapes <c>*</c>, <c>%</c>, <c>+</c> and non-ASCII characters (UTF-8 percent
/// encoding), so a parser gives back exactly what was written; the parser reads any SPAYD (keys in any order, unknown
/// keys kept) and refuses what breaks the grammar.
/// </summary>
public static partial class Spayd
{
    public const int MaxMessage = 60;
    public const int MaxRecipient = 35;

    public static string Write(SpaydPayment p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var iban = p.Iban.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        Require(IbanPattern().IsMatch(iban) && iban.Length <= 46, "ACC must be an IBAN of at most 46 characters.");
        var parts = new List<string> { "SPD", "1.0", "ACC:" + iban };
        if (p.Amount is { } amount)
        {
            Require(amount >= 0 && decimal.Round(amount, 2) == amount && amount < 10_000_000_000m, "AM must be 0-9999999999.99 with at most two decimals.");
            parts.Add("AM:" + amount.ToString("0.00", CultureInfo.InvariantCulture));
        }

        Require(CurrencyPattern().IsMatch(p.Currency), "CC must be an ISO 4217 code.");
        parts.Add("CC:" + p.Currency);
        if (p.DueDate is { } due)
        {
            parts.Add("DT:" + due.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        // The limits apply to what is written, after escaping (a "Š" is six characters as %C5%A0).
        if (!string.IsNullOrEmpty(p.Message))
        {
            var written = Escape(p.Message);
            Require(written.Length <= MaxMessage, "MSG is at most 60 characters as written (after escaping).");
            parts.Add("MSG:" + written);
        }

        if (!string.IsNullOrEmpty(p.RecipientName))
        {
            var written = Escape(p.RecipientName);
            Require(written.Length <= MaxRecipient, "RN is at most 35 characters as written (after escaping).");
            parts.Add("RN:" + written);
        }

        AddSymbol(parts, "X-KS", p.ConstantSymbol);
        AddSymbol(parts, "X-SS", p.SpecificSymbol);
        AddSymbol(parts, "X-VS", p.VariableSymbol);
        return string.Join('*', parts);
    }

    /// <summary>Reads a SPAYD string; every key with its unescaped value (the header is checked, not returned).</summary>
    public static IReadOnlyDictionary<string, string> Read(string spayd)
    {
        ArgumentNullException.ThrowIfNull(spayd);
        var parts = spayd.Split('*');
        if (parts.Length < 3 || parts[0] != "SPD" || !VersionPattern().IsMatch(parts[1]))
        {
            throw new FormatException("Not a SPAYD string (it starts SPD*1.0*).");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(2).Where(p => p.Length > 0))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !KeyPattern().IsMatch(part[..colon]))
            {
                throw new FormatException($"Not a KEY:VALUE pair: {part}");
            }

            values[part[..colon]] = Unescape(part[(colon + 1)..]);
        }

        if (!values.ContainsKey("ACC"))
        {
            throw new FormatException("SPAYD without ACC.");
        }

        return values;
    }

    public static SpaydPayment Parse(string spayd)
    {
        var v = Read(spayd);
        string? Get(string key) => v.TryGetValue(key, out var value) ? value : null;
        return new SpaydPayment(
            Get("ACC")!.Split('+')[0],
            Get("AM") is { } am ? decimal.Parse(am, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : null,
            Get("CC") ?? "CZK",
            Get("X-VS"),
            Get("X-KS"),
            Get("X-SS"),
            Get("DT") is { } dt ? DateOnly.ParseExact(dt, "yyyyMMdd", CultureInfo.InvariantCulture) : null,
            Get("MSG"),
            Get("RN"));
    }

    /// <summary>
    /// A text as the portal writes it into MSG or RN: transliterated to upper-case ASCII ("Poplatek ze psů" →
    /// "POPLATEK ZE PSU", what Czech bank apps show anyway), every character outside the QR code's alphanumeric set
    /// (0-9 A-Z space $ % * + - . / :) a space, spaces collapsed, then shortened on a word boundary until it fits
    /// <paramref name="max"/> characters as written (after escaping). The QR stays in its denser alphanumeric mode.
    /// </summary>
    public static string Fit(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var u = c switch { 'ß' => 'S', 'ø' or 'Ø' => 'O', 'ł' or 'Ł' => 'L', 'đ' or 'Đ' => 'D', 'æ' or 'Æ' => 'E', '–' or '—' => '-', _ => char.ToUpperInvariant(c) };
            sb.Append(u is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '$' or '-' or '.' or '/' or ':' or '%' or '+' ? u : ' ');
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = string.Empty;
        foreach (var word in words)
        {
            var next = result.Length == 0 ? word : result + " " + word;
            if (Escape(next).Length > max)
            {
                break;
            }

            result = next;
        }

        if (result.Length == 0 && words.Length > 0)
        {
            // One word longer than the limit: cut inside it, never inside an escape.
            foreach (var c in words[0])
            {
                if (Escape(result + c).Length > max)
                {
                    break;
                }

                result += c;
            }
        }

        return result;
    }

    /// <summary><c>*</c> → %2A, <c>%</c> → %25, <c>+</c> → %2B, every character above 127 as UTF-8 bytes %XX.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '*': sb.Append("%2A"); break;
                case '%': sb.Append("%25"); break;
                case '+': sb.Append("%2B"); break;
                case < (char)128: sb.Append(c); break;
                default:
                    var rune = char.IsHighSurrogate(c) && i + 1 < value.Length ? new Rune(c, value[++i]) : new Rune(char.IsSurrogate(c) ? '\uFFFD' : c);
                    var n = rune.EncodeToUtf8(utf8);
                    foreach (var b in utf8[..n])
                    {
                        sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    public static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static void AddSymbol(List<string> parts, string key, string? symbol)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return;
        }

        Require(symbol.Length <= 10 && symbol.All(char.IsAsciiDigit), $"{key} is at most 10 digits.");
        parts.Add(key + ":" + symbol);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")]
    private static partial Regex IbanPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Z-]+$")]
    private static partial Regex KeyPattern();
}
