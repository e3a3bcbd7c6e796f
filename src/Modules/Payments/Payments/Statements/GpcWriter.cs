using System.Globalization;
using System.Text;

namespace Portal.Payments.Statements;

/// <summary>One credit or debit to write into a GPC statement.</summary>
public sealed record GpcItem(decimal Amount, Posting Posting, string? VariableSymbol, string CounterAccount = "0000001234567899", string CounterBank = "0100",
    string? ConstantSymbol = "0558", string? SpecificSymbol = null, string Text = "", string DocumentNumber = "");

/// <summary>
/// Writes ABO/GPC statements (the layout <see cref="GpcParser"/> reads): for generated test statements, the load
/// benchmark and the development page that produces a statement for a demo payment. Windows-1250 text.
/// </summary>
public static class GpcWriter
{
    static GpcWriter() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Encoding1250 => Encoding.GetEncoding(1250);

    public static string Header(string account, string name, int number, DateOnly date, decimal opening, decimal closing, decimal debits, decimal credits) =>
        "074" + Digits(account, 16) + Text(name, 20) + Date(date.AddDays(-1)) + Money(opening, 14) + Sign(opening) + Money(closing, 14) + Sign(closing)
        + Money(debits, 14) + TurnoverSign(debits) + Money(credits, 14) + TurnoverSign(credits) + Digits(number.ToString(CultureInfo.InvariantCulture), 3) + Date(date) + new string(' ', 14);

    public static string Item(string account, GpcItem item, DateOnly date, int sequence)
    {
        var code = item.Posting switch { Posting.Debit => '1', Posting.Credit => '2', Posting.DebitReversal => '4', _ => '5' };
        var document = item.DocumentNumber.Length > 0 ? item.DocumentNumber : sequence.ToString(CultureInfo.InvariantCulture);
        return "075" + Digits(account, 16) + Digits(item.CounterAccount, 16) + Digits(document, 13) + Money(item.Amount, 12) + code
            + Digits(item.VariableSymbol ?? string.Empty, 10) + "00" + Digits(item.CounterBank, 4) + Digits(item.ConstantSymbol ?? string.Empty, 4)
            + Digits(item.SpecificSymbol ?? string.Empty, 10) + Date(date) + Text(item.Text, 20) + "0" + "0203" + Date(date);
    }

    public static void Write(TextWriter writer, string account, string name, int number, DateOnly date, IEnumerable<GpcItem> items)
    {
        var list = items as IReadOnlyCollection<GpcItem> ?? items.ToList();
        // Turnovers as most banks write them: a reversal counted against its own side.
        var credits = list.Where(i => i.Posting == Posting.Credit).Sum(i => i.Amount) - list.Where(i => i.Posting == Posting.CreditReversal).Sum(i => i.Amount);
        var debits = list.Where(i => i.Posting == Posting.Debit).Sum(i => i.Amount) - list.Where(i => i.Posting == Posting.DebitReversal).Sum(i => i.Amount);
        writer.Write(Header(account, name, number, date, 100_000m, 100_000m + credits - debits, debits, credits) + "\r\n");
        var sequence = 0;
        foreach (var item in list)
        {
            writer.Write(Item(account, item, date, ++sequence) + "\r\n");
        }
    }

    public static byte[] ToBytes(string account, string name, int number, DateOnly date, IEnumerable<GpcItem> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, Encoding1250))
        {
            Write(writer, account, name, number, date, items);
        }

        return buffer.ToArray();
    }

    private static string Digits(string digits, int length)
    {
        var d = new string(digits.Where(char.IsAsciiDigit).ToArray());
        return d.Length > length ? d[^length..] : d.PadLeft(length, '0');
    }

    private static string Text(string text, int length) => text.Length >= length ? text[..length] : text.PadRight(length);

    private static string Money(decimal amount, int length) => Digits(((long)Math.Round(Math.Abs(amount) * 100)).ToString(CultureInfo.InvariantCulture), length);

    private static string Sign(decimal amount) => amount < 0 ? "-" : "+";

    /// <summary>A turnover's sign: "0" as banks write a positive one, "-" when reversals outweigh it.</summary>
    private static string TurnoverSign(decimal amount) => amount < 0 ? "-" : "0";

    private static string Date(DateOnly date) => date.ToString("ddMMyy", CultureInfo.InvariantCulture);
}
