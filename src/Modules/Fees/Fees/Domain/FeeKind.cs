using Portal.Shared.Banking;

namespace Portal.Fees.Domain;

/// <summary>The fee kinds this portal assesses; each has its own calculation in <see cref="FeeCalculator"/>.</summary>
public static class FeeCodes
{
    /// <summary>Poplatek ze psů.</summary>
    public const string Dog = "psi";

    /// <summary>Poplatek za obecní systém odpadového hospodářství.</summary>
    public const string Waste = "odpad";

    public static readonly IReadOnlyList<string> All = [Dog, Waste];

    /// <summary>The digit a fee contributes to its variable symbols (YY F NNNNNNN).</summary>
    public static int SymbolDigit(string code) => code switch { Dog => 1, Waste => 2, _ => throw new ArgumentOutOfRangeException(nameof(code), code, null) };
}

/// <summary>
/// A fee as the town's ordinance sets it: names, the account it is paid to and rates per year. Edited by a fees
/// clerk; the rates of a year that has been assessed stay as they were used (a change affects later assessments).
/// </summary>
public sealed class FeeKind
{
    public string Id { get; set; } = string.Empty;
    public string NameCs { get; set; } = string.Empty;
    public string NameEn { get; set; } = string.Empty;

    /// <summary>The ordinance, e.g. "OZV č. 2/2025".</summary>
    public string Ordinance { get; set; } = string.Empty;

    /// <summary>The town's account as written, <c>[prefix-]number/bank</c>.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>The same account's IBAN, stored beside it (QR Platba needs it).</summary>
    public string Iban { get; set; } = string.Empty;

    public string RecipientName { get; set; } = string.Empty;
    public List<FeeRates> Rates { get; set; } = [];

    /// <summary>
    /// When reminders go out, in days from each instalment's due date: negative before it (-14, -3: "due soon"),
    /// positive after it (7: "unpaid"). Set by the fees clerk; empty sends none; never set: <see cref="DefaultReminderDays"/>.
    /// </summary>
    public List<int>? ReminderDays { get; set; }

    public static readonly IReadOnlyList<int> DefaultReminderDays = [-14, -3, 7];

    public IReadOnlyList<int> Reminders => ReminderDays ?? DefaultReminderDays;

    public string Name(bool english) => english ? NameEn : NameCs;

    public FeeRates? RatesFor(int year) => Rates.FirstOrDefault(r => r.Year == year);

    public void SetAccount(BankAccount account)
    {
        Account = account.ToString();
        Iban = account.Iban;
    }
}

/// <summary>One year's rates and due dates of a fee (CZK per year; the fee kind decides which apply).</summary>
public sealed class FeeRates
{
    public int Year { get; set; }

    /// <summary>Dog: the first dog. Waste: per registered person.</summary>
    public decimal Rate { get; set; }

    /// <summary>Dog: each further dog of the same owner.</summary>
    public decimal FurtherRate { get; set; }

    /// <summary>Dog: the first dog of a pensioner.</summary>
    public decimal ReducedRate { get; set; }

    /// <summary>Dog: each further dog of a pensioner.</summary>
    public decimal ReducedFurtherRate { get; set; }

    /// <summary>
    /// Dog: a dog taken from a shelter is exempt for the months that end before this many months from the day it was
    /// taken (0 = no such exemption). Ordinances typically say two years; rates stored before this setting read 24.
    /// </summary>
    public int ShelterExemptMonths { get; set; } = 24;

    /// <summary>Waste: per property where nobody is registered.</summary>
    public decimal PropertyRate { get; set; }

    /// <summary>Waste: children are exempt for the months before they reach this age (0 = no such exemption).</summary>
    public int ExemptUnderAge { get; set; }

    /// <summary>Due dates; the amount is split evenly between them, the first takes the odd crowns.</summary>
    public List<DateOnly> DueDates { get; set; } = [];

    /// <summary>A duty that arises after a due date is due on this day of the month ... </summary>
    public int LateDueDay { get; set; } = 15;

    /// <summary>... this many months after the month the duty arose (default: the 15th of the next month).</summary>
    public int LateDueMonths { get; set; } = 1;
}

/// <summary>
/// The highest rates act 565/1990 Sb. allows a year (an ordinance may set less); a clerk's rate above them is refused
/// with the paragraph that sets it.
/// </summary>
public static class FeeLaw
{
    /// <summary>§2(4)(a): one dog.</summary>
    public const decimal DogMax = 1500;

    /// <summary>§2(4)(b): a second and each further dog of the same holder: at most 150 % of the rate for one dog.</summary>
    public const decimal FurtherDogFactor = 1.5m;

    /// <summary>§2(4)(c): a dog of a holder older than 65 or whose sole income is a pension.</summary>
    public const decimal ReducedDogMax = 200;

    /// <summary>§2(4)(d): a second and each further dog of such a holder.</summary>
    public const decimal ReducedFurtherDogMax = 300;

    /// <summary>§10e: the municipal waste-system fee per person (and per property) a year.</summary>
    public const decimal WasteMax = 1200;
}
