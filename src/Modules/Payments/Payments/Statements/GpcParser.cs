using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Payments.Statements;

/// <summary>
/// ABO/GPC statements (DOMAIN.md §4): fixed 128-character lines, 074 header, 075 items (amounts in haléře), 076-079
/// extension lines skipped. Reads line by line (memory does not grow with the file); a line that breaks the format
/// (every 074 and 075 line is exactly 128 characters: a shorter one is a cut file) becomes an error with its line
/// number, and <see cref="StatementCheck"/> refuses the whole file for it. Text is Windows-1250 or ISO-8859-2
/// (<see cref="DetectEncoding"/>), or UTF-8 where a bank writes that.
/// </summary>
public static class GpcParser
{
    public const int LineLength = 128;

    static GpcParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An encoding by its web name (windows-1250, iso-8859-2, utf-8), with the code pages registered first.</summary>
    public static Encoding EncodingNamed(string name) => Encoding.GetEncoding(name);

    public static IEnumerable<StatementRecord> Parse(Stream content, Encoding? encoding = null)
    {
        using var reader = new StreamReader(content, encoding ?? Encoding.GetEncoding(1250), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var number = 0;
        string? account = null;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || (line.Trim().Length == 0))
            {
                continue;
            }

            var type = line.Length >= 3 ? line[..3] : line;
            switch (type)
            {
                case "074":
                    var header = ReadHeader(line, number, out var headerError);
                    if (header is null)
                    {
                        yield return new StatementRecord.Error(headerError!);
                    }
                    else
                    {
                        account = header.Account;
                        yield return new StatementRecord.Header(header);
                    }

                    break;
                case "075":
                    var item = ReadItem(line, number, account, out var itemError);
                    yield return item is null ? new StatementRecord.Error(itemError!) : new StatementRecord.Transaction(item);
                    break;
                case "076" or "077" or "078" or "079":
                    break;
                default:
                    yield return new StatementRecord.Error(new StatementError(number, $"neznámý typ záznamu „{Printable(type)}“ (očekáván 074 nebo 075)"));
                    break;
            }
        }
    }

    /// <summary>
    /// Windows-1250 and ISO-8859-2 differ where Czech needs them (š ž ť Š Ž Ť): 1250 puts them in 0x8A-0x9E, which
    /// ISO-8859-2 leaves to control characters. Valid UTF-8 with non-ASCII bytes is UTF-8.
    /// </summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> sample)
    {
        var high = false;
        var c1 = false;
        foreach (var b in sample)
        {
            high |= b >= 0x80;
            c1 |= b is >= 0x80 and <= 0x9F;
        }

        if (!high)
        {
            return Encoding.GetEncoding(1250);
        }

        if (IsUtf8(sample))
        {
            return new UTF8Encoding(false);
        }

        return c1 ? Encoding.GetEncoding(1250) : Encoding.GetEncoding("iso-8859-2");
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(sample);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static StatementHeader? ReadHeader(string line, int number, out StatementError? error)
    {
        error = null;
        if (line.Length != LineLength)
        {
            error = new StatementError(number, line.Length < LineLength
                ? $"záhlaví výpisu je zkrácené ({line.Length} znaků ze {LineLength}); soubor je asi useknutý"
                : $"záhlaví výpisu je delší než {LineLength} znaků ({line.Length})");
            return null;
        }

        var padded = line.PadRight(LineLength);
        var old = Money(padded, 46, 14, padded[59]);
        var @new = Money(padded, 61, 14, padded[74]);
        var debits = Money(padded, 76, 14, padded[89]);
        var credits = Money(padded, 91, 14, padded[104]);
        if (old is null || @new is null || debits is null || credits is null)
        {
            error = new StatementError(number, "záhlaví výpisu má v částkách jiné znaky než číslice");
            return null;
        }

        return new StatementHeader(Field(padded, 4, 16).TrimStart('0'), Field(padded, 20, 20).Trim(), Field(padded, 106, 3).TrimStart('0'), Date(Field(padded, 109, 6)), old, @new, credits, debits, number);
    }

    private static BankTransaction? ReadItem(string line, int number, string? headerAccount, out StatementError? error)
    {
        error = null;
        if (line.Length < LineLength)
        {
            error = new StatementError(number, $"řádek je zkrácený ({line.Length} znaků ze {LineLength}); soubor je asi useknutý");
            return null;
        }

        if (line.Length > LineLength)
        {
            error = new StatementError(number, $"řádek je delší než {LineLength} znaků ({line.Length})");
            return null;
        }

        var p = line.PadRight(LineLength);
        var amountText = Field(p, 49, 12);
        if (!amountText.All(char.IsAsciiDigit))
        {
            error = new StatementError(number, $"částka „{Printable(amountText)}“ není číslo v haléřích");
            return null;
        }

        var posting = p[60] switch
        {
            '1' => (Posting?)Posting.Debit,
            '2' => Posting.Credit,
            '4' => Posting.DebitReversal,
            '5' => Posting.CreditReversal,
            _ => null,
        };
        if (posting is null)
        {
            error = new StatementError(number, $"kód účtování „{Printable(p[60].ToString())}“ není 1, 2, 4 ani 5");
            return null;
        }

        var vs = Field(p, 62, 10);
        var bankAndKs = Field(p, 72, 10);
        var ss = Field(p, 82, 10);
        foreach (var (name, value) in new[] { ("variabilní symbol", vs), ("konstantní symbol", bankAndKs), ("specifický symbol", ss) })
        {
            if (!value.All(c => char.IsAsciiDigit(c) || c == ' '))
            {
                error = new StatementError(number, $"{name} „{Printable(value)}“ obsahuje jiné znaky než číslice");
                return null;
            }
        }

        var valueDateText = Field(p, 92, 6);
        var valueDate = Date(valueDateText);
        if (valueDate is null && valueDateText.Trim('0', ' ').Length > 0)
        {
            error = new StatementError(number, $"datum splatnosti „{Printable(valueDateText)}“ není den ve tvaru DDMMRR");
            return null;
        }

        var own = Field(p, 4, 16).TrimStart('0');
        var counter = Field(p, 20, 16).TrimStart('0');
        var counterBank = bankAndKs.Length >= 6 ? bankAndKs.Substring(2, 4) : string.Empty;
        return new BankTransaction(
            number,
            own.Length > 0 ? own : headerAccount,
            counter.Length > 0 ? counter + (counterBank.Trim('0').Length > 0 ? "/" + counterBank : string.Empty) : null,
            Field(p, 36, 13).Trim(),
            long.Parse(amountText, CultureInfo.InvariantCulture) / 100m,
            Field(p, 119, 4).Trim() is { Length: 3 } ccy && ccy.All(char.IsAsciiLetter) ? ccy : "CZK",
            posting.Value,
            Symbol(vs),
            Symbol(bankAndKs.Length >= 10 ? bankAndKs[6..] : string.Empty),
            Symbol(ss),
            valueDate,
            Field(p, 98, 20).Trim(),
            Fingerprint(own.Length > 0 ? own : headerAccount, line.TrimEnd()));
    }

    internal static string Fingerprint(string? account, string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((account ?? string.Empty) + "|" + text)))[..32];

    private static string? Symbol(string text)
    {
        var trimmed = text.Trim().TrimStart('0');
        return trimmed.Length > 0 ? trimmed : null;
    }

    /// <summary>Characters <paramref name="from"/>..(from+length-1), 1-based as the format's description counts.</summary>
    private static string Field(string line, int from, int length) => line.Substring(from - 1, length);

    private static decimal? Money(string line, int from, int length, char sign)
    {
        var text = Field(line, from, length);
        if (!text.All(char.IsAsciiDigit))
        {
            return null;
        }

        var value = long.Parse(text, CultureInfo.InvariantCulture) / 100m;
        return sign == '-' ? -value : value;
    }

    private static DateOnly? Date(string ddmmyy) =>
        DateOnly.TryParseExact(ddmmyy, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
