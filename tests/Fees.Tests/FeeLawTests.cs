using CsCheck;
using Portal.Fees.Domain;

namespace Portal.Fees.Tests;

/// <summary>
/// Act 565/1990 Sb. as the calculator applies it (issue "Money, time and law"): the dog fee by started months, dogs
/// older than three months, per-dog exemptions, rounding up (daňový řád §146(1)), and the due date of a duty that
/// arises after the ordinance's due date.
/// </summary>
public sealed class FeeLawTests
{
    private static readonly FeeKind Dog = new() { Id = FeeCodes.Dog };
    private static readonly FeeKind Waste = new() { Id = FeeCodes.Waste };

    private static FeeRates DogRates(decimal rate = 600, decimal further = 900) =>
        new() { Year = 2027, Rate = rate, FurtherRate = further, ReducedRate = 200, ReducedFurtherRate = 300, ShelterExemptMonths = 24, DueDates = [new DateOnly(2027, 3, 31)] };

    private static FeeRates WasteRates() =>
        new() { Year = 2027, Rate = 840, PropertyRate = 840, DueDates = [new DateOnly(2027, 3, 31), new DateOnly(2027, 6, 30)] };

    private static Registration OneDog(DateOnly from, DateOnly? to = null, DateOnly? born = null, string? exemption = null) => new()
    {
        PayerName = "Jana",
        From = from,
        To = to,
        Subjects = [new FeeSubject { Name = "Rex", From = from, To = to, BirthDate = born, Exemption = exemption }],
    };

    public static TheoryData<int, int> EveryStartMonth()
    {
        var data = new TheoryData<int, int>();
        for (var m = 1; m <= 12; m++)
        {
            data.Add(m, 13 - m);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStartMonth))]
    public void A_dog_kept_from_the_middle_of_a_month_pays_for_that_month_too(int month, int months)
    {
        var a = FeeCalculator.Assess(Dog, DogRates(), OneDog(new DateOnly(2027, month, 15)), 2027);
        Assert.Equal(months, a.Lines[0].Months);
        Assert.Equal(Math.Ceiling(600m * months / 12), a.Amount);
    }

    [Theory]
    [MemberData(nameof(EveryStartMonth))]
    public void A_dog_kept_until_the_middle_of_a_month_pays_for_that_month_too(int month, int _)
    {
        var a = FeeCalculator.Assess(Dog, DogRates(), OneDog(new DateOnly(2020, 1, 1), new DateOnly(2027, month, 15)), 2027);
        Assert.Equal(month, a.Lines[0].Months);
    }

    [Fact]
    public void The_examples_of_the_act_and_the_issue()
    {
        // Kept until 15 June: January to June, 300 of 600 (the month-end rule gave 250).
        Assert.Equal(300m, FeeCalculator.Assess(Dog, DogRates(), OneDog(new DateOnly(2020, 1, 1), new DateOnly(2027, 6, 15)), 2027).Amount);

        // Kept from 15 February: 11/12.
        Assert.Equal(550m, FeeCalculator.Assess(Dog, DogRates(), OneDog(new DateOnly(2027, 2, 15)), 2027).Amount);

        // The waste fee keeps the month-end rule: moved in on 15 June, June counts (registered at its end); moved out
        // on 15 June, June does not.
        var person = new Registration { From = new DateOnly(2027, 6, 15), Subjects = [new FeeSubject { Name = "A", From = new DateOnly(2027, 6, 15) }] };
        Assert.Equal(7, FeeCalculator.Assess(Waste, WasteRates(), person, 2027).Lines[0].Months);
        var leaving = new Registration { From = new DateOnly(2020, 1, 1), To = new DateOnly(2027, 6, 15), Subjects = [new FeeSubject { Name = "A", From = new DateOnly(2020, 1, 1) }] };
        Assert.Equal(5, FeeCalculator.Assess(Waste, WasteRates(), leaving, 2027).Lines[0].Months);
    }

    [Theory]
    [InlineData(550, "2027-09-15", 184)] // 550 × 4/12 = 183.33 → 184
    [InlineData(500, "2027-12-01", 42)]  // 41.67 → 42
    [InlineData(600, "2027-12-01", 50)]  // exact stays
    [InlineData(1, "2027-12-31", 1)]     // 0.08 → 1
    public void Amounts_are_rounded_up_to_whole_crowns(int rate, string from, int amount) =>
        Assert.Equal(amount, FeeCalculator.Assess(Dog, DogRates(rate, rate), OneDog(DateOnly.Parse(from)), 2027).Amount);

    [Fact]
    public void Prorating_rounds_up_and_never_exceeds_the_yearly_rate() =>
        Gen.Select(Gen.Decimal[0m, 1500m].Select(d => decimal.Round(d, 2)), Gen.Int[0, 12]).Sample((rate, months) =>
        {
            var amount = FeeCalculator.Prorate(rate, months);
            Assert.Equal(decimal.Ceiling(amount), amount);
            Assert.True(amount >= rate * months / 12 && amount - (rate * months / 12) < 1);
            Assert.True(amount <= Math.Ceiling(rate));
        });

    [Theory]
    [InlineData("2027-02-10", "2027-02-10", 8)]  // older than 3 months from 11 May: May to December
    [InlineData("2027-02-10", "2027-04-01", 8)]  // taken at 7 weeks: the same
    [InlineData("2026-11-30", "2027-01-15", 10)] // 3 months on 28 February, older from 1 March
    [InlineData("2026-01-01", "2027-06-20", 7)]  // an adult dog: from the month it was taken
    [InlineData("2027-10-05", "2027-10-05", 0)]  // older than 3 months only next year
    public void A_dog_counts_from_the_month_it_is_older_than_three_months(string born, string kept, int months)
    {
        var a = FeeCalculator.Assess(Dog, DogRates(), OneDog(DateOnly.Parse(kept), born: DateOnly.Parse(born)), 2027);
        Assert.Equal(months, a.Lines[0].Months);
        Assert.Equal(Math.Ceiling(600m * months / 12), a.Amount);
    }

    [Fact]
    public void Each_dog_carries_its_own_exemption_and_the_further_rate_follows_the_order_the_duty_began()
    {
        var registration = new Registration
        {
            PayerName = "Jana",
            From = new DateOnly(2026, 1, 1),
            Subjects =
            [
                new FeeSubject { Name = "Azor (z útulku)", From = new DateOnly(2026, 1, 1), Exemption = FeeCalculator.ShelterExemption },
                new FeeSubject { Name = "Rex", From = new DateOnly(2026, 5, 1) },
            ],
        };
        var a = FeeCalculator.Assess(Dog, DogRates(), registration, 2027);
        Assert.Equal(0m, a.Lines[0].Amount); // within the two years from the shelter
        Assert.Equal(FeeCalculator.ShelterExemption, a.Lines[0].Note);
        Assert.Equal(900m, a.Lines[1].Amount); // the second dog of the holder: the further rate
        Assert.Equal(900m, a.Amount);

        // Two dogs from the same day keep the form's order.
        var sameDay = new Registration
        {
            From = new DateOnly(2027, 1, 1),
            Subjects = [new FeeSubject { Name = "Zeta", From = new DateOnly(2027, 1, 1) }, new FeeSubject { Name = "Alfa", From = new DateOnly(2027, 1, 1) }],
        };
        Assert.Equal(["Zeta", "Alfa"], FeeCalculator.Assess(Dog, DogRates(), sameDay, 2027).Lines.Select(l => l.Subject));
    }

    [Fact]
    public void A_shelter_exemption_ending_mid_month_leaves_that_month_to_pay()
    {
        // Taken 15 March 2025, exempt 24 months: until 14 March 2027; March 2027 has paying days, so it counts.
        var a = FeeCalculator.Assess(Dog, DogRates(), OneDog(new DateOnly(2025, 3, 15), exemption: FeeCalculator.ShelterExemption), 2027);
        Assert.Equal(10, a.Lines[0].Months);
        Assert.Equal(500m, a.Amount);
    }

    [Theory]
    [InlineData("2027-11-20", "2027-12-15")] // registered a dog on 20 November: due on 15 December, not 31 March
    [InlineData("2027-03-31", "2027-03-31")] // arose on the due date itself: the ordinance's date
    [InlineData("2027-04-01", "2027-05-15")]
    [InlineData("2027-12-20", "2028-01-15")] // into the next year
    [InlineData("2027-01-01", "2027-03-31")]
    public void A_duty_arising_after_the_due_date_is_due_by_the_fee_kinds_rule_never_before_it_began(string from, string due)
    {
        var a = FeeCalculator.Assess(Dog, DogRates(), OneDog(DateOnly.Parse(from)), 2027);
        var instalment = Assert.Single(a.Instalments);
        Assert.Equal(DateOnly.Parse(due), instalment.DueDate);
        Assert.True(instalment.DueDate >= DateOnly.Parse(from));
    }

    [Fact]
    public void Late_waste_instalments_move_together_and_later_ones_stay()
    {
        var moved = new Registration { From = new DateOnly(2027, 5, 10), Subjects = [new FeeSubject { Name = "A", From = new DateOnly(2027, 5, 10) }] };
        var a = FeeCalculator.Assess(Waste, WasteRates(), moved, 2027);
        Assert.Equal(560m, a.Amount); // May to December: 8/12 of 840
        Assert.Equal([new Instalment(new DateOnly(2027, 6, 15), 280), new Instalment(new DateOnly(2027, 6, 30), 280)], a.Instalments);

        var lateInJune = new Registration { From = new DateOnly(2027, 6, 20), Subjects = [new FeeSubject { Name = "A", From = new DateOnly(2027, 6, 20) }] };
        var b = FeeCalculator.Assess(Waste, WasteRates(), lateInJune, 2027);
        Assert.Equal([new Instalment(new DateOnly(2027, 6, 30), 245), new Instalment(new DateOnly(2027, 7, 15), 245)], b.Instalments);
    }

    [Fact]
    public void Instalments_always_add_up_and_never_fall_before_the_duty_began() =>
        Gen.Select(Gen.Int[new DateOnly(2027, 1, 1).DayNumber, new DateOnly(2027, 12, 31).DayNumber].Select(DateOnly.FromDayNumber), Gen.Int[1, 28], Gen.Int[0, 3]).Sample((from, day, monthsAfter) =>
        {
            var rates = WasteRates();
            rates.LateDueDay = day;
            rates.LateDueMonths = monthsAfter;
            var registration = new Registration { From = from, Subjects = [new FeeSubject { Name = "A", From = from }] };
            var a = FeeCalculator.Assess(Waste, rates, registration, 2027);
            Assert.Equal(a.Amount, a.Instalments.Sum(i => i.Amount));
            Assert.All(a.Instalments, i => Assert.True(i.DueDate >= from));
            Assert.Equal(a.Instalments.Select(i => i.DueDate).Distinct().Count(), a.Instalments.Count);
        });

    [Fact]
    public void Payments_cover_instalments_in_due_date_order_and_paid_plus_remaining_is_the_amount() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 5_000], Gen.Int[0, 8_000].List[0, 5]).Sample((count, total, payments) =>
        {
            var parts = FeeCalculator.Split(total, Enumerable.Range(1, count).Select(m => new DateOnly(2027, m * 3, 28)).ToList(), 2027);
            var o = new Obligation();
            o.Apply(new Assessed(Guid.NewGuid(), Guid.NewGuid(), FeeCodes.Waste, 2027, null, "Jana", total, "2720000001", parts, [], DateTimeOffset.UnixEpoch));
            foreach (var p in payments)
            {
                o.Apply(new PaymentApplied(Guid.NewGuid(), p, "bank-transfer", DateTimeOffset.UnixEpoch));
            }

            var allocation = o.Allocation();
            Assert.Equal(o.Amount, o.Paid - o.Overpaid + o.Remaining);
            Assert.Equal(Math.Min(o.Paid, o.Amount), allocation.Sum(a => a.Paid));

            // Never a later instalment before an earlier one is paid whole.
            for (var k = 1; k < allocation.Count; k++)
            {
                Assert.True(allocation[k].Paid == 0 || allocation[k - 1].Remaining == 0);
            }
        });
}
