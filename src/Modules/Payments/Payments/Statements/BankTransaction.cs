namespace Portal.Payments.Statements;

/// <summary>How a statement line moves money (GPC posting code; camt.053 CdtDbtInd + RvslInd).</summary>
public enum Posting
{
    Debit,
    Credit,
    DebitReversal,
    CreditReversal,
}

/// <summary>One transaction of a statement, whatever the format. Amount is positive; <see cref="Posting"/> says which way.</summary>
public sealed record BankTransaction(
    int Line,
    string? OwnAccount,
    string? CounterAccount,
    string? Reference,
    decimal Amount,
    string Currency,
    Posting Posting,
    string? VariableSymbol,
    string? ConstantSymbol,
    string? SpecificSymbol,
    DateOnly? Date,
    string? Text,
    string Fingerprint,
    string Status = EntryStatus.Booked)
{
    /// <summary>Only a booked entry moves money; a pending or informative one is shown, never booked.</summary>
    public bool IsBooked => Status == EntryStatus.Booked;
}

/// <summary>The status of a statement entry (camt.053 <c>Sts</c>; a GPC line is always booked).</summary>
public static class EntryStatus
{
    public const string Booked = "BOOK";
    public const string Pending = "PDNG";
    public const string Information = "INFO";
}

/// <summary>
/// What a statement says about itself (GPC 074 record; camt.053 Stmt with its OPBD/PRCD and CLBD balances), and the
/// line it starts on.
/// </summary>
public sealed record StatementHeader(string? Account, string? Name, string? Number, DateOnly? Date, decimal? OpeningBalance, decimal? ClosingBalance, decimal? Credits, decimal? Debits, int Line = 0);

/// <summary>A line that could not be read, with its number in the file, so the clerk can find it.</summary>
public sealed record StatementError(int Line, string Message);

/// <summary>Anything a parser yields, in file order: a header, a transaction or an error.</summary>
public abstract record StatementRecord
{
    public sealed record Header(StatementHeader Value) : StatementRecord;

    public sealed record Transaction(BankTransaction Value) : StatementRecord;

    public sealed record Error(StatementError Value) : StatementRecord;
}
