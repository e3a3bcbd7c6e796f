using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Portal.Fees.Domain;

/// <summary>
/// An address as pairing compares it: street, house number and PSČ, each normalised (case, accents, spacing, "ul.",
/// "nám." for "náměstí"), never the whole string (NIA writes "Lipová 12, 100 00 Město Demo", a clerk "Lipová 12, 100 00
/// Město Demo, č. p. 412"). A house number written "1234/5" (číslo popisné/orientační) matches either of its parts.
/// </summary>
public sealed partial record PayerAddress(string Street, string HouseNumber, string PostCode)
{
    /// <summary>Reads the three parts; null when one of them cannot be found (then nothing is paired automatically).</summary>
    public static PayerAddress? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 500)
        {
            return null;
        }

        var plain = Plain(text);
        var postCode = PostCodePattern().Match(plain);
        if (!postCode.Success)
        {
            return null;
        }

        var code = postCode.Groups[1].Value + postCode.Groups[2].Value;
        foreach (var part in plain.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (PostCodePattern().IsMatch(part) && !StreetPattern().IsMatch(PostCodePattern().Replace(part, string.Empty)))
            {
                continue;
            }

            var street = StreetPattern().Match(PostCodePattern().Replace(part, string.Empty).Trim());
            if (street.Success)
            {
                var name = StreetName(street.Groups["street"].Value);
                if (name.Length > 0)
                {
                    return new PayerAddress(name, street.Groups["no"].Value, code);
                }
            }
        }

        return null;
    }

    /// <summary>The same street, house number and PSČ.</summary>
    public bool Matches(PayerAddress other) =>
        Street == other.Street && PostCode == other.PostCode && SameNumber(HouseNumber, other.HouseNumber);

    /// <summary>Both addresses read and the same place.</summary>
    public static bool Same(string? a, string? b) => Parse(a) is { } x && Parse(b) is { } y && x.Matches(y);

    private static bool SameNumber(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        var left = a.Split('/');
        var right = b.Split('/');
        return (left.Length == 2 && right.Length == 1 && left.Contains(b)) || (right.Length == 2 && left.Length == 1 && right.Contains(a));
    }

    private static string StreetName(string name)
    {
        var words = name.Replace(".", ". ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.TrimEnd('.'))
            .Where(w => w is not ("ul" or "ulice" or "c" or "cp" or "p"))
            .Select(w => w switch { "nam" => "namesti", "tr" => "trida", _ => w });
        return string.Join(' ', words);
    }

    private static string Plain(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var letters = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray();
        return new string(letters).Normalize(NormalizationForm.FormC).ToLowerInvariant().Replace('\u00a0', ' ');
    }

    [GeneratedRegex(@"(?<!\d)(\d{3})\s?(\d{2})(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PostCodePattern();

    [GeneratedRegex(@"^(?<street>[^\d,]*[a-z][^\d,]*?)\s*(?:c\.\s*p\.\s*)?(?<no>\d{1,5}[a-z]?(?:/\d{1,5}[a-z]?)?)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex StreetPattern();
}
