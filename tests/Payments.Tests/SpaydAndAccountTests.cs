using CsCheck;
using Portal.Payments.Domain;
using Portal.Shared.Banking;
using Snapshooter.Xunit;

namespace Portal.Payments.Tests;

/// <summary>QR Platba (SPAYD 1.0) and Czech account numbers / IBAN: round trips, escapes, limits, checksums.</summary>
public sealed class SpaydAndAccountTests
{
    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 10].Select(c => new string(c));

    /// <summary>Text with everything SPAYD must escape: *, %, +, Czech letters, symbols beyond the BMP.</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
            Gen.Char.AlphaNumeric,
            Gen.OneOf('*', '%', '+', ':', ' ', '/', 'ě', 'š', 'č', 'ř', 'ž', 'ý', 'á', 'í', 'é', 'Ů', '€'))
        .Array[0, 60].Select(c => new string(c));

    /// <summary>A valid Czech account: random digits, then the last digit chosen so the mod-11 sum holds.</summary>
    internal static readonly Gen<string> Accounts = Gen.Select(Gen.Char['0', '9'].Array[5, 5], Gen.Char['0', '9'].Array[9, 9], Gen.Int[0, 9999], Gen.Bool)
        .Where((p, n, _, _) => CheckDigit(new string(p), [10, 5, 8, 4, 2]) is not null && CheckDigit(new string(n), [6, 3, 7, 9, 10, 5, 8, 4, 2]) is { } d && (new string(n) + d).Count(c => c != '0') >= 2)
        .Select((p, n, bank, withPrefix) =>
        {
            var prefix = new string(p) + CheckDigit(new string(p), [10, 5, 8, 4, 2]);
            var number = new string(n) + CheckDigit(new string(n), [6, 3, 7, 9, 10, 5, 8, 4, 2]);
            return (withPrefix && prefix.TrimStart('0').Length > 0 ? prefix.TrimStart('0') + "-" : string.Empty) + number.TrimStart('0') + "/" + bank.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        });

    private static char? CheckDigit(string digits, int[] weights)
    {
        var sum = digits.Select((c, i) => (c - '0') * weights[i]).Sum();
        var d = (11 - (sum % 11)) % 11;
        return d == 10 ? null : (char)('0' + d);
    }

    [Fact]
    public void What_the_writer_writes_the_parser_reads_back() =>
        Gen.Select(Gen.Decimal[0, 9_999_999_999.99m].Select(d => decimal.Round(d, 2)), Digits, Texts, Texts, Gen.Int[0, 3650]).Sample((amount, vs, message, recipient, days) =>
        {
            var msg = Spayd.Fit(message, Spayd.MaxMessage);
            var rn = Spayd.Fit(recipient, Spayd.MaxRecipient);
            var payment = new SpaydPayment("CZ6508000000192000145399", amount, "CZK", vs, DueDate: new DateOnly(2027, 1, 1).AddDays(days),
                Message: msg.Length == 0 ? null : msg, RecipientName: rn.Length == 0 ? null : rn);
            var spayd = Spayd.Write(payment);
            Assert.StartsWith("SPD*1.0*ACC:CZ6508000000192000145399*", spayd);
            Assert.True(spayd.All(c => c < 128), "non-ASCII written raw");
            Assert.Equal(payment, Spayd.Parse(spayd));
            MeetsEveryLimit(spayd);
        });

    /// <summary>Every limit of the QR Platba specification, checked on the string as written (after escaping).</summary>
    private static void MeetsEveryLimit(string spayd)
    {
        var parts = spayd.Split('*');
        Assert.Equal("SPD", parts[0]);
        Assert.Equal("1.0", parts[1]);
        var keys = new HashSet<string>();
        foreach (var part in parts[2..])
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = part[..colon];
            var value = part[(colon + 1)..];
            Assert.Matches("^[A-Z-]+$", key);
            Assert.True(keys.Add(key), $"{key} twice");
            Assert.DoesNotContain('*', value);
            switch (key)
            {
                case "ACC": Assert.InRange(value.Length, 1, 46); break;
                case "AM": Assert.Matches(@"^[0-9]{0,10}(\.[0-9]{0,2})?$", value); break;
                case "CC": Assert.Matches("^[A-Z]{3}$", value); break;
                case "DT": Assert.Matches("^[0-9]{8}$", value); break;
                case "MSG": Assert.InRange(value.Length, 1, 60); Assert.Matches("^[0-9A-Z $%+./:-]+$", value); break;
                case "RN": Assert.InRange(value.Length, 1, 35); Assert.Matches("^[0-9A-Z $%+./:-]+$", value); break;
                case "X-VS" or "X-SS": Assert.Matches("^[0-9]{1,10}$", value); break;
                case "X-KS": Assert.Matches("^[0-9]{1,10}$", value); break;
                default: Assert.Fail("unexpected key " + key); break;
            }
        }
    }

    [Theory]
    [InlineData("Poplatek za obecní systém odpadového hospodářství 2026", 60, "POPLATEK ZA OBECNI SYSTEM ODPADOVEHO HOSPODARSTVI 2026")]
    [InlineData("Poplatek za obecní systém odpadového hospodářství a ještě něco navíc 2026", 60, "POPLATEK ZA OBECNI SYSTEM ODPADOVEHO HOSPODARSTVI A JESTE")]
    [InlineData("Statutární město Ústí nad Labem, městský úřad", 35, "STATUTARNI MESTO USTI NAD LABEM")]
    [InlineData("Obec Černá Hora (Blansko)", 35, "OBEC CERNA HORA BLANSKO")]
    [InlineData("50% sleva * 2", 60, "50%25 SLEVA 2")]
    [InlineData("Příliš žluťoučký kůň úpěl ďábelské ódy", 60, "PRILIS ZLUTOUCKY KUN UPEL DABELSKE ODY")]
    public void Messages_and_names_are_written_transliterated_upper_case_and_cut_on_a_word_boundary_to_fit(string text, int max, string written)
    {
        var fitted = Spayd.Fit(text, max);
        Assert.Equal(written, Spayd.Escape(fitted));
        Assert.True(Spayd.Escape(fitted).Length <= max);
    }

    [Fact]
    public void The_waste_fee_message_as_the_portal_writes_it_meets_the_limit_and_keeps_the_qr_alphanumeric()
    {
        var spayd = Spayd.Write(new SpaydPayment("CZ6508000000192000145399", 840m, "CZK", "2620000001",
            Message: Spayd.Fit("Poplatek za obecní systém odpadového hospodářství 2026", Spayd.MaxMessage),
            RecipientName: Spayd.Fit("Město Demo – městský úřad, odbor financí", Spayd.MaxRecipient)));
        MeetsEveryLimit(spayd);
        Assert.Matches("^[0-9A-Z $%*+./:-]+$", spayd); // the QR alphanumeric set: the denser mode
    }

    [Theory]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("100% + 1", "100%25 %2B 1")]
    [InlineData("Poplatek ze psů", "Poplatek ze ps%C5%AF")]
    [InlineData("€", "%E2%82%AC")]
    public void Special_characters_are_escaped(string text, string escaped)
    {
        Assert.Equal(escaped, Spayd.Escape(text));
        Assert.Equal(text, Spayd.Unescape(escaped));
    }

    [Fact]
    public void Limits_are_enforced_by_the_writer()
    {
        var ok = new SpaydPayment("CZ6508000000192000145399", 1m);
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { Message = new string('x', 61) }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { RecipientName = new string('x', 36) }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { VariableSymbol = "12345678901" }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { VariableSymbol = "12a" }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { Amount = 1.005m }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { Amount = 10_000_000_000m }));
        Assert.Throws<ArgumentException>(() => Spayd.Write(ok with { Iban = "not an iban" }));
        Assert.Equal(60, Spayd.Parse(Spayd.Write(ok with { Message = new string('x', 60) })).Message!.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SPD*2*ACC:CZ6508000000192000145399")]
    [InlineData("SPD*1.0*AM:100.00")]
    [InlineData("SPD*1.0*ACC:CZ6508000000192000145399*am:1")]
    [InlineData("SPD*1.0*ACC:CZ6508000000192000145399*NOVALUE")]
    public void The_parser_refuses_what_is_not_spayd(string text) => Assert.Throws<FormatException>(() => Spayd.Parse(text));

    [Fact]
    public void A_payment_instruction_reads_as_the_standard_example() =>
        Snapshot.Match(Spayd.Write(new SpaydPayment("CZ5855000000001265098001", 480.50m, "CZK", "1234567890", DueDate: new DateOnly(2027, 3, 31),
            Message: "POPLATEK ZA PSA 2027", RecipientName: "Město Demo")));

    [Fact]
    public void A_valid_account_parses_and_its_IBAN_leads_back_to_it() =>
        Accounts.Sample(text =>
        {
            Assert.True(BankAccount.TryParse(text, out var account, out var error), $"{text}: {error}");
            Assert.Equal(text, account.ToString());
            Assert.Equal(24, account.Iban.Length);
            Assert.True(BankAccount.TryFromIban(account.Iban, out var back, out _));
            Assert.Equal(account, back);
        });

    [Fact]
    public void Changing_any_one_digit_of_an_account_or_its_IBAN_is_caught() =>
        Gen.Select(Accounts, Gen.Int[0, 100], Gen.Int[1, 9]).Sample((text, position, delta) =>
        {
            var digitPositions = text.Select((c, i) => (c, i)).Where(x => char.IsAsciiDigit(x.c)).Select(x => x.i).ToList();
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            var candidates = digitPositions.Where(i => i < slash).ToList();
            var at = candidates[position % candidates.Count];
            var changed = text[..at] + (char)('0' + ((text[at] - '0' + delta) % 10)) + text[(at + 1)..];
            Assert.False(BankAccount.TryParse(changed, out _, out var error) && error == BankAccountError.None, changed);

            var iban = BankAccount.Parse(text).Iban;
            var i = 2 + (position % 22);
            var wrongIban = iban[..i] + (char)('0' + ((iban[i] - '0' + delta) % 10)) + iban[(i + 1)..];
            Assert.False(BankAccount.TryFromIban(wrongIban, out _, out _), wrongIban);
        });

    [Theory]
    [InlineData("19-2000145399/0800", "CZ6508000000192000145399")]
    [InlineData("2501277007/2010", "CZ5420100000002501277007")]
    public void Known_accounts_have_known_IBANs(string account, string iban) => Assert.Equal(iban, BankAccount.Parse(account).Iban);

    [Theory]
    [InlineData("19-2000145398/0800", BankAccountError.NumberChecksum)]
    [InlineData("18-2000145399/0800", BankAccountError.PrefixChecksum)]
    [InlineData("2000145399/080", BankAccountError.Format)]
    [InlineData("1/0800", BankAccountError.Format)]
    [InlineData("CZ6508000000192000145398", BankAccountError.IbanChecksum)]
    [InlineData("SK3112000000198742637541", BankAccountError.NotCzech)]
    [InlineData("", BankAccountError.Format)]
    public void Wrong_accounts_say_what_is_wrong(string text, BankAccountError expected)
    {
        Assert.False(BankAccount.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }
}
