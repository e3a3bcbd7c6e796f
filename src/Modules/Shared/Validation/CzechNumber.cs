using System.Globalization;
using System.Text;

namespace Portal.Shared.Validation;

/// <summary>
/// Numbers as people in Czechia write them, read in one place for every form: a decimal comma (a point is taken too),
/// thousands grouped by spaces or the no-break spaces the portal itself prints ("1 350,00 Kč"), a leading minus
/// (hyphen or the typographic sign). The caller decides the range and the decimals it allows.
/// </summary>
public static class CzechNumber
{
    private static readonly string[] Currencies = ["Kč", "CZK"];

    /// <summary>A plain number: "1 250,5", "-3", "1250.5".</summary>
    public static bool TryParse(string? text, out decimal value) => TryRead(text, allowCurrency: false, out value);

    /// <summary>An amount of money, which may carry its currency as the portal prints it: "1 350,00 Kč", "600 CZK".</summary>
    public static bool TryParseAmount(string? text, out decimal value) => TryRead(text, allowCurrency: true, out value);

    private static bool TryRead(string? text, bool allowCurrency, out decimal value)
    {
        value = 0;
        var s = text?.Trim() ?? string.Empty;
        if (allowCurrency)
        {
            foreach (var currency in Currencies)
            {
                if (s.EndsWith(currency, StringComparison.OrdinalIgnoreCase))
                {
                    s = s[..^currency.Length].TrimEnd();
                    break;
                }
            }
        }

        if (s.Length is 0 or > 64)
        {
            return false;
        }

        var plain = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case ' ' or '\u00a0' or '\u202f':
                    break;
                case ',':
                    plain.Append('.');
                    break;
                case '\u2212':
                    plain.Append('-');
                    break;
                default:
                    plain.Append(c);
                    break;
            }
        }

        return decimal.TryParse(plain.ToString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
