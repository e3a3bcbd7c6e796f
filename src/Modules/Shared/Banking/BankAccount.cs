using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Portal.Shared.Banking;

/// <summary>Why a Czech account number or IBAN was refused; the caller words it for the person.</summary>
public enum BankAccountError
{
    None,
    Format,
    PrefixChecksum,
    NumberChecksum,
    IbanChecksum,
    NotCzech,
}

/// <summary>
/// A Czech bank account <c>[prefix-]number/bankcode</c> (DOMAIN.md §3): prefix up to 6 digits and number up to 10,
/// each passing the ČNB mod-11 check (decree 169/2011), the number with at least two non-zero digits, a 4-digit bank
/// code; and its IBAN (<c>CZkk bbbb pppppp nnnnnnnnnn</c>, ISO 13616 mod 97). Kernel type: Fees keeps the town's
/// account, Payments reads accounts from statements and writes IBANs into QR Platba.
/// </summary>
public sealed partial record BankAccount
{
    private static readonly int[] NumberWeights = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
    private static readonly int[] PrefixWeights = [10, 5, 8, 4, 2, 1];

    private BankAccount(string prefix, string number, string bankCode)
    {
        Prefix = prefix;
        Number = number;
        BankCode = bankCode;
    }

    /// <summary>The prefix without leading zeros, empty when there is none.</summary>
    public string Prefix { get; }

    /// <summary>The number without leading zeros.</summary>
    public string Number { get; }

    public string BankCode { get; }

    /// <summary>The IBAN without spaces, e.g. <c>CZ6508000000192000145399</c>.</summary>
    public string Iban
    {
        get
        {
            var bban = BankCode + Prefix.PadLeft(6, '0') + Number.PadLeft(10, '0');
            return "CZ" + IbanCheckDigits("CZ", bban) + bban;
        }
    }

    /// <summary>The IBAN in groups of four, as printed.</summary>
    public string IbanFormatted => string.Join(' ', Iban.Chunk(4).Select(c => new string(c)));

    public override string ToString() => (Prefix.Length > 0 ? Prefix + "-" : string.Empty) + Number + "/" + BankCode;

    public static BankAccount Parse(string text) =>
        TryParse(text, out var account, out var error) ? account : throw new FormatException($"Not a valid Czech account number ({error}): {text}");

    /// <summary>Reads <c>[prefix-]number/bankcode</c> (spaces ignored) or a Czech IBAN.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out BankAccount? account, out BankAccountError error)
    {
        account = null;
        var compact = (text ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length > 2 && char.IsAsciiLetter(compact[0]))
        {
            return TryFromIban(compact, out account, out error);
        }

        var match = AccountPattern().Match(compact);
        if (!match.Success)
        {
            error = BankAccountError.Format;
            return false;
        }

        return TryCreate(match.Groups["prefix"].Value, match.Groups["number"].Value, match.Groups["bank"].Value, out account, out error);
    }

    /// <summary>Builds an account from its three parts as they stand in a statement (zero-padded or not).</summary>
    public static bool TryCreate(string prefix, string number, string bankCode, [NotNullWhen(true)] out BankAccount? account, out BankAccountError error)
    {
        account = null;
        if (prefix.Length > 6 || number.Length is 0 or > 10 || bankCode.Length != 4
            || !prefix.All(char.IsAsciiDigit) || !number.All(char.IsAsciiDigit) || !bankCode.All(char.IsAsciiDigit))
        {
            error = BankAccountError.Format;
            return false;
        }

        if (number.Count(c => c != '0') < 2)
        {
            error = BankAccountError.Format;
            return false;
        }

        if (!Mod11(prefix.PadLeft(6, '0'), PrefixWeights))
        {
            error = BankAccountError.PrefixChecksum;
            return false;
        }

        if (!Mod11(number.PadLeft(10, '0'), NumberWeights))
        {
            error = BankAccountError.NumberChecksum;
            return false;
        }

        account = new BankAccount(prefix.TrimStart('0'), number.TrimStart('0'), bankCode);
        error = BankAccountError.None;
        return true;
    }

    public static bool TryFromIban(string iban, [NotNullWhen(true)] out BankAccount? account, out BankAccountError error)
    {
        account = null;
        var compact = iban.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (!compact.StartsWith("CZ", StringComparison.Ordinal))
        {
            error = compact.Length >= 2 && char.IsAsciiLetter(compact[0]) && char.IsAsciiLetter(compact[1]) ? BankAccountError.NotCzech : BankAccountError.Format;
            return false;
        }

        if (compact.Length != 24 || !compact.AsSpan(2).ToString().All(char.IsAsciiDigit))
        {
            error = BankAccountError.Format;
            return false;
        }

        if (IbanCheckDigits("CZ", compact[4..]) != compact[2..4])
        {
            error = BankAccountError.IbanChecksum;
            return false;
        }

        return TryCreate(compact.Substring(8, 6), compact.Substring(14, 10), compact.Substring(4, 4), out account, out error);
    }

    /// <summary>Σ digit × weight ≡ 0 (mod 11) over the zero-padded part.</summary>
    public static bool Mod11(string padded, IReadOnlyList<int> weights)
    {
        var sum = 0;
        for (var i = 0; i < padded.Length; i++)
        {
            sum += (padded[i] - '0') * weights[i];
        }

        return sum % 11 == 0;
    }

    /// <summary>ISO 13616: move the country and "00" to the end, letters to numbers, 98 - (n mod 97).</summary>
    public static string IbanCheckDigits(string country, string bban)
    {
        var digits = string.Concat((bban + country + "00").Select(c => char.IsAsciiLetter(c) ? (c - 'A' + 10).ToString(CultureInfo.InvariantCulture) : c.ToString()));
        var remainder = (int)(BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97);
        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?:(?<prefix>\d{1,6})-)?(?<number>\d{1,10})/(?<bank>\d{4})$")]
    private static partial Regex AccountPattern();
}

/// <summary>Payment symbols compare as numbers: banks pad them with zeros differently (DOMAIN.md §3).</summary>
public static class PaymentSymbol
{
    /// <summary>Digits without leading zeros ("" for none or only zeros); null when the text is not 1-10 digits.</summary>
    public static string? Normalize(string? symbol)
    {
        var s = symbol?.Trim() ?? string.Empty;
        if (s.Length is 0 or > 10 || !s.All(char.IsAsciiDigit))
        {
            return null;
        }

        return s.TrimStart('0');
    }
}
