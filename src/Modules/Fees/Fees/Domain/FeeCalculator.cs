using System.Globalization;

namespace Portal.Fees.Domain;

/// <summary>One line of how an amount came about ("Pes Rex: 1 500 Kč × 7/12").</summary>
public sealed record AssessmentLine(string Subject, decimal Rate, int Months, decimal Amount, string? Note);

/// <summary>An instalment of an obligation.</summary>
public sealed record Instalment(DateOnly DueDate, decimal Amount);

/// <summary>The result of assessing one registration for one year.</summary>
public sealed record Assessment(decimal Amount, IReadOnlyList<AssessmentLine> Lines, IReadOnlyList<Instalment> Instalments);

/// <summary>
/// The ordinance's arithmetic, in one place. Proration by whole months: a month counts when the duty holds on its
/// last day (so a dog acquired on 15 June counts from June, one given away on 15 June last counts in May), which is
/// the rule of act 565/1990 §10h for the waste fee and the common wording of dog-fee ordinances. Each subject is
/// prorated by its own dates within the registration's. Amounts are rounded to whole crowns (half away from zero),
/// per subject, so every line of the explanation adds up to the total.
/// </summary>
public static class FeeCalculator
{
    /// <summary>The exemption of a dog taken from a shelter (limited in time, see <see cref="FeeRates.ShelterExemptMonths"/>).</summary>
    public const string ShelterExemption = "utulek";

    /// <summary>The months of the year whose last day falls within [from, to] (and passes the extra test).</summary>
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

    public static Assessment Assess(FeeKind fee, FeeRates rates, Registration registration, int year)
    {
        var lines = new List<AssessmentLine>();
        if (registration.Exemption is { Length: > 0 } exemption)
        {
            lines.Add(new AssessmentLine(registration.PayerName, 0, Months(year, registration.From, registration.To), 0, exemption));
        }
        else if (fee.Id == FeeCodes.Dog)
        {
            // The first dog (the one held longest) at the base rate, every further dog at the higher one.
            var index = 0;
            foreach (var dog in registration.Subjects.OrderBy(d => d.From).ThenBy(d => d.Name, StringComparer.Ordinal))
            {
                var rate = (index == 0, registration.Reduced) switch
                {
                    (true, false) => rates.Rate,
                    (false, false) => rates.FurtherRate,
                    (true, true) => rates.ReducedRate,
                    (false, true) => rates.ReducedFurtherRate,
                };
                index++;
                var from = Later(dog.From, registration.From);
                var to = Earlier(dog.To, registration.To);
                var months = Months(year, from, to);
                if (dog.Exemption == ShelterExemption)
                {
                    // Exempt for the months that end before the set time from the day the dog was taken has passed.
                    var exemptUntil = dog.From.AddMonths(rates.ShelterExemptMonths);
                    var exemptMonths = Months(year, from, to, last => last < exemptUntil);
                    months -= exemptMonths;
                    lines.Add(new AssessmentLine(dog.Name, rate, months, Prorate(rate, months), exemptMonths > 0 ? dog.Exemption : null));
                }
                else
                {
                    var exempt = dog.Exemption is { Length: > 0 };
                    lines.Add(new AssessmentLine(dog.Name, rate, months, exempt ? 0 : Prorate(rate, months), dog.Exemption));
                }
            }
        }
        else if (registration.Property)
        {
            var months = Months(year, registration.From, registration.To);
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
        return new Assessment(total, lines, Split(total, rates.DueDates, year));
    }

    public static decimal Prorate(decimal yearlyRate, int months) =>
        months >= 12 ? yearlyRate : Math.Round(yearlyRate * months / 12m, 0, MidpointRounding.AwayFromZero);

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
