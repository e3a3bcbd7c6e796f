using System.Globalization;
using Portal.Shared.Banking;

namespace Portal.Payments.Statements;

/// <summary>
/// Reads a whole statement before anything of it is booked, and says why it must be refused: a line that cannot be
/// read (a cut file ends mid-line), XML that is not well-formed, a statement of an account that is not the town's,
/// or amounts that do not add up. GPC: the 074 header's opening balance + credits - debits must give its closing
/// balance, and its debit and credit turnovers must be the sums of its 075 items (reversals counted against their
/// own side, or, as some banks write them, on the other side). camt.053: opening (OPBD/PRCD) + booked credits -
/// booked debits must give the closing booked balance (CLBD). A statement is booked whole or not at all.
/// </summary>
public sealed class StatementCheck(IReadOnlyCollection<string> townAccounts, bool camt)
{
    public const int MaxErrors = 500;

    private readonly List<StatementError> errors = [];
    private StatementHeader? header;
    private bool anyHeader;
    private decimal credits;
    private decimal debits;
    private decimal creditReversals;
    private decimal debitReversals;
    private int firstOrphan;

    public IReadOnlyList<StatementError> Errors => errors;

    public int ErrorCount { get; private set; }

    public void Add(StatementRecord record)
    {
        switch (record)
        {
            case StatementRecord.Header h:
                Close();
                header = h.Value;
                anyHeader = true;
                if (h.Value.Account is not { Length: > 0 } account)
                {
                    Error(h.Value.Line, "výpis neuvádí číslo účtu");
                }
                else if (!BankAccounts.IsOneOf(account, townAccounts))
                {
                    Error(h.Value.Line, $"výpis je z účtu {account}, který není účtem obce (přijímáme {string.Join(", ", townAccounts)})");
                }

                break;
            case StatementRecord.Transaction t:
                var tx = t.Value;
                if (header is null && firstOrphan == 0)
                {
                    firstOrphan = tx.Line;
                }

                if (tx.OwnAccount is { Length: > 0 } own && header?.Account is { Length: > 0 } statementAccount && !BankAccounts.Same(own, statementAccount))
                {
                    Error(tx.Line, $"položka je z účtu {own}, výpis z účtu {statementAccount}");
                }

                if (!tx.IsBooked)
                {
                    break; // pending or informative: not in the booked balances, never booked
                }

                switch (tx.Posting)
                {
                    case Posting.Credit: credits += tx.Amount; break;
                    case Posting.Debit: debits += tx.Amount; break;
                    case Posting.CreditReversal: creditReversals += tx.Amount; break;
                    case Posting.DebitReversal: debitReversals += tx.Amount; break;
                }

                break;
            case StatementRecord.Error e:
                Error(e.Value.Line, e.Value.Message);
                break;
        }
    }

    /// <summary>The errors that refuse the file (none: it may be booked).</summary>
    public IReadOnlyList<StatementError> Finish()
    {
        Close();
        if (!anyHeader)
        {
            Error(Math.Max(1, firstOrphan), camt ? "výpis neobsahuje žádný výpis (Stmt)" : "soubor nezačíná záhlavím výpisu (074), bez něj nelze ověřit součty");
        }
        else if (firstOrphan > 0)
        {
            Error(firstOrphan, "položky před záhlavím výpisu (074)");
        }

        return errors;
    }

    private void Close()
    {
        if (header is not { } h)
        {
            credits = debits = creditReversals = debitReversals = 0;
            return;
        }

        var line = h.Line;
        if (h.OpeningBalance is not { } opening || h.ClosingBalance is not { } closing)
        {
            Error(line, camt
                ? "výpis neuvádí počáteční a konečný zaúčtovaný zůstatek (Bal OPBD/PRCD a CLBD), nelze ověřit, že je úplný"
                : "záhlaví výpisu neuvádí zůstatky");
        }
        else if (camt)
        {
            var expected = opening + credits - creditReversals + debitReversals - debits;
            if (expected != closing)
            {
                Error(line, $"počáteční zůstatek {Money(opening)} + připsané {Money(credits - creditReversals)} − odepsané {Money(debits - debitReversals)} = {Money(expected)}, výpis ale uvádí konečný zůstatek {Money(closing)}: výpis není úplný");
            }
        }
        else if (h.Credits is { } headerCredits && h.Debits is { } headerDebits)
        {
            if (opening + headerCredits - headerDebits != closing)
            {
                Error(line, $"záhlaví nesouhlasí samo se sebou: {Money(opening)} + obrat kredit {Money(headerCredits)} − obrat debet {Money(headerDebits)} ≠ konečný zůstatek {Money(closing)}");
            }

            var ownSide = headerCredits == credits - creditReversals && headerDebits == debits - debitReversals;
            var otherSide = headerCredits == credits + debitReversals && headerDebits == debits + creditReversals;
            if (!ownSide && !otherSide)
            {
                Error(line, $"součet položek (kredit {Money(credits - creditReversals)}, debet {Money(debits - debitReversals)}) nesouhlasí s obraty v záhlaví (kredit {Money(headerCredits)}, debet {Money(headerDebits)}): výpis není úplný nebo je poškozený");
            }
        }

        header = null;
        credits = debits = creditReversals = debitReversals = 0;
    }

    private void Error(int line, string message)
    {
        ErrorCount++;
        if (errors.Count < MaxErrors)
        {
            errors.Add(new StatementError(line, message));
        }
    }

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.GetCultureInfo("cs-CZ"));
}

/// <summary>
/// Account numbers as statements write them: GPC 16 digits (prefix and number, no bank code), camt an IBAN or the
/// national form, the town's list as <c>[prefix-]number/bank</c> or IBAN. Two are the same account when prefix and
/// number agree and, where both name one, the bank code too.
/// </summary>
public static class BankAccounts
{
    public static bool IsOneOf(string account, IEnumerable<string> accounts) => accounts.Any(a => Same(account, a));

    public static bool Same(string a, string b, string? alsoB = null) =>
        Key(a) is { } x && ((Key(b) is { } y && Matches(x, y)) || (alsoB is not null && Key(alsoB) is { } z && Matches(x, z)));

    private static bool Matches((string Digits, string? Bank) x, (string Digits, string? Bank) y) =>
        x.Digits == y.Digits && (x.Bank is null || y.Bank is null || x.Bank == y.Bank);

    /// <summary>Prefix and number as 16 digits, with the bank code when the text names one.</summary>
    private static (string Digits, string? Bank)? Key(string text)
    {
        var t = text.Replace(" ", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (t.Length == 24 && t.StartsWith("CZ", StringComparison.Ordinal) && t[2..].All(char.IsAsciiDigit))
        {
            return (t[8..24], t[4..8]);
        }

        if (t.Contains('/', StringComparison.Ordinal) || t.Contains('-', StringComparison.Ordinal))
        {
            return BankAccount.TryParse(t, out var account, out _)
                ? (account.Prefix.PadLeft(6, '0') + account.Number.PadLeft(10, '0'), account.BankCode)
                : null;
        }

        return t.Length is > 0 and <= 16 && t.All(char.IsAsciiDigit) ? (t.PadLeft(16, '0'), null) : null;
    }
}
