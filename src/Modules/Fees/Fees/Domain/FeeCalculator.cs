using System.Globalization;

namespace Portal.Fees.Domain;

/// <summary>One line of how an amount came about ("Pes Rex: 1 500 Kč × 7/12").</summary>
public sealed record AssessmentLine(string Subject, decimal Rate, int Months, decimal Amount, string? Note);

/// <summary>An instalment of an obligation.</summary>
public sealed record Instalment(DateOnly DueDate, decimal Amount);

/// <summary>The result of assessing one registration for one year.</summary>
public sealed record Assessment(decimal Amount, IReadOnlyList<AssessmentLine> Lines, IReadOnlyList<Instalment> Instalments);

/// <summary>
/// The ordinance's arithmetic under act 565/1990 Sb., in one place (DOMAIN.md §8).
/// <list type="bullet">
/// <item>Dog fee (§2): a dog counts from the day its holder keeps it and it is older than three months; a part of a
/// year is paid by the number of calendar months <b>including started ones</b> ("počtu i započatých kalendářních
/// měsíců"): kept from 15 February is 11/12, kept until 15 June is 6/12. Each dog carries its own exemption; the
/// first dog (the one whose duty began first, then the form's order) pays the base rate, every further dog the
/// higher one.</item>
/// <item>Waste fee (§10h): a month counts when the duty holds on its last day (the act takes off the months in which
/// the person was exempt or not registered at the month's end).</item>
/// <item>Rounding (daňový řád §146(1)): every amount is rounded <b>up</b> to whole crowns, per subject, so every line
/// of the explanation adds up to the total.</item>
/// <item>Due dates: the ordinance's; an instalment that would fall before the duty began is due by the fee's late
/// rule (default the 15th day of the month after the month the duty arose), never before the duty began.</item>
/// </list>
/// </summary>
public static class FeeCalculator
{
    /// <summary>The exemption of a dog taken from a shelter (limited in time, see <see cref="FeeRates.ShelterExemptMonths"/>).</summary>
    public const string ShelterExemption = "utulek";

    /// <summary>A dog becomes subject to the fee once it is older than this many months (act 565/1990 §2(1)).</summary>
    public const int DogAgeMonths = 3;

    /// <summary>The months of the year whose last day falls within [from, to] (and passes the extra test): the waste fee's rule.</summary>
    public static int Months(int year, DateOnly from, DateOnly? to, Func<DateOnly, bool>? also = null)
    {
        var months = 0;
        for (var m = 1; m <= 12; m++)
        {
            var last = new DateOnly(year, m, DateTime.DaysInMonth(year, m));
            if (from <= last && (to is null || to.Value >= last) && (also is null || also(last)))
            {
                months++;
            }
        }

        return months;
    }

    /// <summary>
    /// The calendar months of the year in which the duty held on at least one day of [from, to] outside the exempt
    /// period [exemptFrom, exemptUntil): the dog fee's rule of started months.
    /// </summary>
    public static int StartedMonths(int year, DateOnly from, DateOnly? to, DateOnly? exemptFrom = null, DateOnly? exemptUntil = null)
    {
        var months = 0;
        for (var m = 1; m <= 12; m++)
        {
            var first = new DateOnly(year, m, 1);
            var last = new DateOnly(year, m, DateTime.DaysInMonth(year, m));
            var start = from > first ? from : first;
            var end = to is { } t && t < last ? t : last;
            if (start > end)
            {
                continue;
            }

            // Exempt days cut [start, end]; the month counts when a day is left on either side of the exemption.
            if (exemptFrom is { } ef && exemptUntil is { } eu && ef < eu && ef <= end && eu > start)
            {
                if (start >= ef && end < eu)
                {
                    continue;
                }
            }

            months++;
        }

        return months;
    }

    /// <summary>The day from which a dog is subject to the fee: kept by its holder and older than three months.</summary>
    public static DateOnly DogDutyFrom(FeeSubject dog, DateOnly registrationFrom)
    {
        var from = Later(dog.From, registrationFrom);
        return dog.BirthDate is { } born ? Later(from, born.AddMonths(DogAgeMonths).AddDays(1)) : from;
    }

    public static Assessment Assess(FeeKind fee, FeeRates rates, Registration registration, int year)
    {
        var lines = new List<AssessmentLine>();
        DateOnly? dutyFrom = null;
        if (registration.Exemption is { Length: > 0 } exemption)
        {
            var months = fee.Id == FeeCodes.Dog ? StartedMonths(year, registration.From, registration.To) : Months(year, registration.From, registration.To);
            lines.Add(new AssessmentLine(registration.PayerName, 0, months, 0, exemption));
        }
        else if (fee.Id == FeeCodes.Dog)
        {
            // The first dog (whose duty began first; on the same day, the one listed first) at the base rate, every
            // further dog at the higher one. A dog exempt of its own still counts in that order: it is the holder's dog.
            var index = 0;
            foreach (var (dog, from) in registration.Subjects.Select(d => (d, DogDutyFrom(d, registration.From))).OrderBy(x => x.Item2).ToList())
            {
                var rate = (index == 0, registration.Reduced) switch
                {
                    (true, false) => rates.Rate,
                    (false, false) => rates.FurtherRate,
                    (true, true) => rates.ReducedRate,
                    (false, true) => rates.ReducedFurtherRate,
                };
                index++;
                var to = Earlier(dog.To, registration.To);
                var months = StartedMonths(year, from, to);
                if (months > 0)
                {
                    dutyFrom = dutyFrom is null || from < dutyFrom ? from : dutyFrom;
                }

                var note = dog.BirthDate is not null && from > Later(dog.From, registration.From) ? "mladsi3m" : null;
                if (dog.Exemption == ShelterExemption)
                {
                    // Exempt from the day it was taken for the set months; a month with a paying day counts.
                    var exemptUntil = dog.From.AddMonths(rates.ShelterExemptMonths);
                    var paying = StartedMonths(year, from, to, dog.From, exemptUntil);
                    lines.Add(new AssessmentLine(dog.Name, rate, paying, Prorate(rate, paying), paying < months ? dog.Exemption : note));
                }
                else if (dog.Exemption is { Length: > 0 })
                {
                    lines.Add(new AssessmentLine(dog.Name, rate, months, 0, dog.Exemption));
                }
                else
                {
                    lines.Add(new AssessmentLine(dog.Name, rate, months, Prorate(rate, months), note));
                }
            }
        }
        else if (registration.Property)
        {
            var months = Months(year, registration.From, registration.To);
            dutyFrom = registration.From;
            lines.Add(new AssessmentLine(registration.Address, rates.PropertyRate, months, Prorate(rates.PropertyRate, months), null));
        }
        else
        {
            foreach (var person in registration.Subjects)
            {
                var from = Later(person.From, registration.From);
                var to = Earlier(person.To, registration.To);
                if (person.Exemption == "zarizeni")
                {
                    lines.Add(new AssessmentLine(person.Name, rates.Rate, Months(year, from, to), 0, person.Exemption));
                    continue;
                }

                dutyFrom = dutyFrom is null || from < dutyFrom ? from : dutyFrom;
                var months = Months(year, from, to);
                var note = (string?)null;
                if (rates.ExemptUnderAge > 0 && person.BirthDate is { } born)
                {
                    // Exempt for the months at whose end the child has not reached the age yet.
                    var comesOfAge = born.AddYears(rates.ExemptUnderAge);
                    var exemptMonths = Months(year, from, to, last => last < comesOfAge);
                    if (exemptMonths > 0)
                    {
                        months -= exemptMonths;
                        note = "dite";
                    }
                }

                lines.Add(new AssessmentLine(person.Name, rates.Rate, months, Prorate(rates.Rate, months), note));
            }
        }

        var total = lines.Sum(l => l.Amount);
        return new Assessment(total, lines, Instalments(total, rates, year, dutyFrom));
    }

    /// <summary>A year's rate for some months, rounded up to whole crowns (daňový řád §146(1)): 550 × 4/12 = 183.33 → 184.</summary>
    public static decimal Prorate(decimal yearlyRate, int months) =>
        months >= 12 ? Math.Ceiling(yearlyRate) : months <= 0 ? 0 : Math.Ceiling(decimal.Round(yearlyRate * months / 12m, 10));

    /// <summary>
    /// The instalments of an amount: split evenly between the ordinance's due dates, then every due date that would
    /// come before the duty arose moved to the late rule's date (<see cref="LateDueDate"/>); instalments falling on the
    /// same day become one.
    /// </summary>
    public static IReadOnlyList<Instalment> Instalments(decimal total, FeeRates rates, int year, DateOnly? dutyFrom)
    {
        var parts = Split(total, rates.DueDates, year);
        if (dutyFrom is not { } arose || arose.Year != year)
        {
            return parts;
        }

        var late = LateDueDate(arose, rates.LateDueDay, rates.LateDueMonths);
        return parts
            .Select(p => p.DueDate < arose ? p with { DueDate = late } : p)
            .GroupBy(p => p.DueDate)
            .OrderBy(g => g.Key)
            .Select(g => new Instalment(g.Key, g.Sum(p => p.Amount)))
            .ToList();
    }

    /// <summary>The due date of a duty that arose after the ordinance's due date: the day of the month so many months later.</summary>
    public static DateOnly LateDueDate(DateOnly arose, int day, int monthsAfter)
    {
        var month = new DateOnly(arose.Year, arose.Month, 1).AddMonths(Math.Max(0, monthsAfter));
        var due = new DateOnly(month.Year, month.Month, Math.Clamp(day, 1, DateTime.DaysInMonth(month.Year, month.Month)));
        return due < arose ? arose : due;
    }

    /// <summary>Splits an amount evenly between due dates in whole crowns; the first instalment takes the rest.</summary>
    public static IReadOnlyList<Instalment> Split(decimal total, IReadOnlyList<DateOnly> dueDates, int year)
    {
        if (total <= 0)
        {
            return [];
        }

        var dates = dueDates.Count > 0 ? dueDates.Order().ToList() : [new DateOnly(year, 6, 30)];
        var part = Math.Floor(total / dates.Count);
        var first = total - (part * (dates.Count - 1));
        return dates.Select((d, i) => new Instalment(d, i == 0 ? first : part)).ToList();
    }

    public static string Explain(AssessmentLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"{line.Subject}: {line.Rate:0.##} × {line.Months}/12 = {line.Amount:0.##}{(line.Note is null ? string.Empty : " (" + line.Note + ")")}");

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly? Earlier(DateOnly? a, DateOnly? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a < b ? a : b,
    };
}
