using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Forms.Domain;

/// <summary>The Czech identifiers a form field can be checked as (pure, no lookups).</summary>
public static partial class CzechIds
{
    /// <summary>
    /// Rodné číslo ("YYMMDD/XXXX" or without the slash): the date part must be a real date (month + 50 for women,
    /// + 20 or + 70 from 2004), ten digits divisible by 11 (or the remainder 10 with the check digit 0, issued until
    /// 1985); nine digits only for people born before 1954.
    /// </summary>
    public static bool IsBirthNumber(string value)
    {
        var digits = value.Trim().Replace("/", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!AllDigits().IsMatch(digits) || digits.Length is not (9 or 10))
        {
            return false;
        }

        var yy = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var mm = int.Parse(digits[2..4], CultureInfo.InvariantCulture);
        var dd = int.Parse(digits[4..6], CultureInfo.InvariantCulture);
        int year;
        if (digits.Length == 9)
        {
            if (yy >= 54)
            {
                return false;
            }

            year = 1900 + yy;
        }
        else
        {
            year = yy >= 54 ? 1900 + yy : 2000 + yy;
            var number = long.Parse(digits, CultureInfo.InvariantCulture);
            var head = long.Parse(digits[..9], CultureInfo.InvariantCulture);
            var ok = number % 11 == 0 || (head % 11 == 10 && digits[9] == '0' && year < 1986);
            if (!ok)
            {
                return false;
            }
        }

        var month = mm switch
        {
            >= 1 and <= 12 => mm,
            >= 51 and <= 62 => mm - 50,
            >= 21 and <= 32 when year >= 2004 => mm - 20,
            >= 71 and <= 82 when year >= 2004 => mm - 70,
            _ => 0,
        };
        return month > 0 && dd >= 1 && dd <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>IČO: eight digits (shorter ones are padded with zeros), weights 8..2, check digit (11 - sum mod 11) mod 10.</summary>
    public static bool IsCompanyId(string value)
    {
        var digits = value.Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!AllDigits().IsMatch(digits) || digits.Length is < 1 or > 8)
        {
            return false;
        }

        digits = digits.PadLeft(8, '0');
        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            sum += (digits[i] - '0') * (8 - i);
        }

        var check = (11 - (sum % 11)) % 10;
        return digits[7] - '0' == check;
    }

    /// <summary>PSČ: five digits, the first 1 to 7, written "110 00" or "11000".</summary>
    public static bool IsPostcode(string value) => Postcode().IsMatch(value.Trim());

    /// <summary>A Czech account number "[prefix-]number/bank" whose parts pass the modulo-11 checks.</summary>
    public static bool IsBankAccount(string value) => Portal.Shared.Banking.BankAccount.TryParse(value.Trim(), out _, out _);

    /// <summary>ID datové schránky: seven letters and digits (written in lower case; upper case is read the same).</summary>
    public static bool IsDataBox(string value) => DataBox().IsMatch(value.Trim().ToLowerInvariant());

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex AllDigits();

    [GeneratedRegex("^[1-7][0-9]{2} ?[0-9]{2}$")]
    private static partial Regex Postcode();

    [GeneratedRegex("^[a-z0-9]{7}$")]
    private static partial Regex DataBox();
}
