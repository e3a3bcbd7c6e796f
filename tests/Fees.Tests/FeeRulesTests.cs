using CsCheck;
using Portal.Fees.Domain;

namespace Portal.Fees.Tests;

/// <summary>The ordinance's arithmetic: proration by months, dog and waste rates, instalments, variable symbols.</summary>
public sealed class FeeRulesTests
{
    private static readonly FeeRates Rates2027 = new()
    {
        Year = 2027,
        Rate = 600,
        FurtherRate = 900,
        ReducedRate = 200,
        ReducedFurtherRate = 300,
        PropertyRate = 840,
        ExemptUnderAge = 6,
        DueDates = [new DateOnly(2027, 3, 31), new DateOnly(2027, 6, 30)],
    };

    private static readonly FeeKind Dog = new() { Id = FeeCodes.Dog };
    private static readonly FeeKind Waste = new() { Id = FeeCodes.Waste };

    private static readonly Gen<DateOnly> Dates = Gen.Int[new DateOnly(2025, 1, 1).DayNumber, new DateOnly(2029, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    [Theory]
    [InlineData("2027-01-01", null, 12)]
    [InlineData("2026-05-05", null, 12)]
    [InlineData("2027-06-15", null, 7)] // the duty holds on 30 June: June counts
    [InlineData("2027-06-30", null, 7)]
    [InlineData("2027-07-01", null, 6)]
    [InlineData("2027-01-01", "2027-06-15", 5)] // ends before the end of June: June does not count
    [InlineData("2027-01-01", "2027-06-30", 6)]
    [InlineData("2028-01-01", null, 0)]
    [InlineData("2020-01-01", "2026-12-31", 0)]
    public void Months_count_when_the_duty_holds_on_the_last_day(string from, string? to, int months) =>
        Assert.Equal(months, FeeCalculator.Months(2027, DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to)));

    [Fact]
    public void Splitting_a_period_at_a_month_end_splits_its_months() =>
        Gen.Select(Dates, Dates, Gen.Int[1, 12]).Sample((a, b, month) =>
        {
            var (from, to) = a <= b ? (a, b) : (b, a);
            var cut = new DateOnly(2027, month, DateTime.DaysInMonth(2027, month));
            if (cut < from || cut >= to)
            {
                return;
            }

            Assert.Equal(FeeCalculator.Months(2027, from, to), FeeCalculator.Months(2027, from, cut) + FeeCalculator.Months(2027, cut.AddDays(1), to));
        });

    [Fact]
    public void A_prorated_amount_never_exceeds_the_yearly_rate_and_a_whole_year_is_the_rate() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 12]).Sample((rate, months) =>
        {
            var amount = FeeCalculator.Prorate(rate, months);
            Assert.InRange(amount, 0, rate);
            Assert.Equal(decimal.Round(amount), amount);
            if (months == 12)
            {
                Assert.Equal(rate, amount);
            }
        });

    [Fact]
    public void The_first_dog_pays_the_base_rate_each_further_dog_the_higher_one_prorated_from_its_month()
    {
        var registration = new Registration
        {
            PayerName = "Jana",
            From = new DateOnly(2020, 1, 1),
            Subjects = [new FeeSubject { Name = "Rex", From = new DateOnly(2020, 1, 1) }, new FeeSubject { Name = "Bety", From = new DateOnly(2027, 3, 10) }],
        };
        var a = FeeCalculator.Assess(Dog, Rates2027, registration, 2027);
        Assert.Equal([600m, 750m], a.Lines.Select(l => l.Amount)); // Bety: 900 × 10/12
        Assert.Equal(1350m, a.Amount);
        Assert.Equal([675m, 675m], a.Instalments.Select(i => i.Amount));
    }

    [Fact]
    public void A_pensioner_pays_the_reduced_rates_and_a_ztp_holder_nothing()
    {
        var dogs = new List<FeeSubject> { new() { Name = "A", From = new DateOnly(2020, 1, 1) }, new() { Name = "B", From = new DateOnly(2021, 1, 1) } };
        Assert.Equal(500m, FeeCalculator.Assess(Dog, Rates2027, new Registration { From = new DateOnly(2020, 1, 1), Reduced = true, Subjects = dogs }, 2027).Amount);
        var exempt = FeeCalculator.Assess(Dog, Rates2027, new Registration { From = new DateOnly(2020, 1, 1), Exemption = "ztp", Subjects = dogs }, 2027);
        Assert.Equal(0m, exempt.Amount);
        Assert.Empty(exempt.Instalments);
    }

    private static Obligation Assessed(decimal amount, params (string Due, decimal Amount)[] instalments)
    {
        var o = new Obligation();
        o.Apply(new Assessed(Guid.NewGuid(), Guid.NewGuid(), FeeCodes.Waste, 2027, null, "Jana", amount, "2720000001",
            instalments.Select(i => new Instalment(DateOnly.Parse(i.Due), i.Amount)).ToList(), [], DateTimeOffset.UnixEpoch));
        return o;
    }

    [Fact]
    public void A_raised_amount_is_due_with_the_last_instalment_and_becomes_overdue_after_it()
    {
        var o = Assessed(600, ("2027-03-31", 300), ("2027-06-30", 300));
        o.Apply(new Adjusted(100, "Oprava", "Úředník", DateTimeOffset.UnixEpoch));
        Assert.Equal([300m, 400m], o.CurrentInstalments().Select(i => i.Amount));
        o.Apply(new PaymentApplied(Guid.NewGuid(), 600, "bank-transfer", DateTimeOffset.UnixEpoch));
        Assert.Equal(new DateOnly(2027, 6, 30), o.NextDueDate);
        Assert.Equal(0m, o.OverdueOn(new DateOnly(2027, 6, 30)));
        Assert.Equal(100m, o.OverdueOn(new DateOnly(2027, 7, 1))); // before: never overdue, the instalments summed to 600
    }

    [Fact]
    public void The_current_instalments_always_add_up_to_the_amount_and_an_adjustment_moves_only_the_last_ones() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 5_000], Gen.Int[-6_000, 6_000]).Sample((count, total, delta) =>
        {
            var parts = FeeCalculator.Split(total, Enumerable.Range(1, count).Select(m => new DateOnly(2027, m * 3, 28)).ToList(), 2027);
            var o = Assessed(total, parts.Select(p => (p.DueDate.ToString("yyyy-MM-dd"), p.Amount)).ToArray());
            if (total + delta < 0)
            {
                return;
            }

            o.Apply(new Adjusted(delta, "Oprava", "Úředník", DateTimeOffset.UnixEpoch));
            var current = o.CurrentInstalments();
            Assert.Equal(parts.Select(p => p.DueDate), current.Select(c => c.DueDate));
            Assert.All(current, c => Assert.True(c.Amount >= 0));
            if (parts.Count > 0)
            {
                Assert.Equal(o.Amount, current.Sum(c => c.Amount));
            }

            // Only a tail changes: every instalment before the first changed one is as assessed.
            var firstChanged = current.Select((c, k) => (c, k)).FirstOrDefault(x => x.c.Amount != parts[x.k].Amount).k;
            Assert.All(current.Take(firstChanged), (c, k) => Assert.Equal(parts[k].Amount, c.Amount));
            if (delta > 0)
            {
                Assert.Equal(parts[^1].Amount + delta, current[^1].Amount);
            }
        });

    [Theory]
    [InlineData(2026, 0, "utulek")] // taken 15 March 2026: March to December exempt
    [InlineData(2027, 0, "utulek")]
    [InlineData(2028, 500, "utulek")] // January and February 2028 exempt (they end before 15 March), then 10 months
    [InlineData(2029, 600, null)]
    public void A_dog_from_a_shelter_is_exempt_for_the_set_months_from_the_day_it_was_taken(int year, decimal amount, string? note)
    {
        var rates = new FeeRates { Year = year, Rate = 600, FurtherRate = 900, ShelterExemptMonths = 24 };
        var registration = new Registration
        {
            PayerName = "Jana",
            From = new DateOnly(2026, 3, 15),
            Subjects = [new FeeSubject { Name = "Azor", From = new DateOnly(2026, 3, 15), Exemption = FeeCalculator.ShelterExemption }],
        };
        var line = Assert.Single(FeeCalculator.Assess(Dog, rates, registration, year).Lines);
        Assert.Equal(amount, line.Amount);
        Assert.Equal(note, line.Note);
    }

    [Fact]
    public void A_shelter_dog_never_pays_more_than_the_same_dog_without_the_exemption_and_nothing_while_it_lasts() =>
        Gen.Select(Dates, Gen.Int[0, 36], Gen.Int[2025, 2029]).Sample((taken, exemptMonths, year) =>
        {
            var rates = new FeeRates { Year = year, Rate = 600, FurtherRate = 900, ShelterExemptMonths = exemptMonths };
            Registration With(string? exemption) => new()
            {
                PayerName = "Jana",
                From = taken,
                Subjects = [new FeeSubject { Name = "Azor", From = taken, Exemption = exemption }],
            };
            var paying = FeeCalculator.Assess(Dog, rates, With(null), year).Amount;
            var shelter = FeeCalculator.Assess(Dog, rates, With(FeeCalculator.ShelterExemption), year).Amount;
            Assert.InRange(shelter, 0, paying);
            if (new DateOnly(year, 12, 31) < taken.AddMonths(exemptMonths))
            {
                Assert.Equal(0m, shelter); // the whole year ends before the exemption does
            }

            if (new DateOnly(year, 1, 1) >= taken.AddMonths(exemptMonths))
            {
                Assert.Equal(paying, shelter); // the exemption ended before the year began
            }
        });

    [Fact]
    public void A_child_is_exempt_until_the_month_it_reaches_the_age_and_a_care_home_resident_all_year()
    {
        var registration = new Registration
        {
            From = new DateOnly(2015, 1, 1),
            Subjects =
            [
                new FeeSubject { Name = "Parent", BirthDate = new DateOnly(1980, 1, 1), From = new DateOnly(2015, 1, 1) },
                new FeeSubject { Name = "Child", BirthDate = new DateOnly(2021, 8, 15), From = new DateOnly(2021, 8, 15) }, // 6 on 15 Aug 2027
                new FeeSubject { Name = "Grandma", BirthDate = new DateOnly(1940, 1, 1), From = new DateOnly(2015, 1, 1), Exemption = "zarizeni" },
            ],
        };
        var a = FeeCalculator.Assess(Waste, Rates2027, registration, 2027);
        Assert.Equal([600m, 250m, 0m], a.Lines.Select(l => l.Amount)); // 600 per person; the child Aug-Dec = 5 months
        Assert.Equal("dite", a.Lines[1].Note);
    }

    [Fact]
    public void A_property_without_residents_pays_the_property_rate_prorated()
    {
        var a = FeeCalculator.Assess(Waste, Rates2027, new Registration { From = new DateOnly(2027, 4, 2), Property = true, Address = "Lipová 412" }, 2027);
        Assert.Equal(630m, a.Amount); // 840 × 9/12
    }

    [Fact]
    public void Instalments_add_up_to_the_amount_in_whole_crowns() =>
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 4]).Sample((total, count) =>
        {
            var dates = Enumerable.Range(1, count).Select(m => new DateOnly(2027, m * 3, 1)).ToList();
            var parts = FeeCalculator.Split(total, dates, 2027);
            Assert.Equal(total, parts.Sum(p => p.Amount));
            Assert.All(parts, p => Assert.Equal(decimal.Round(p.Amount), p.Amount));
            if (total > 0)
            {
                Assert.Equal(count, parts.Count);
            }
        });

    [Fact]
    public void Variable_symbols_are_at_most_ten_digits_and_differ_for_every_registration_fee_and_year() =>
        Gen.Select(Gen.Int[1, 9_999_999], Gen.Int[1, 9_999_999], Gen.Int[2025, 2099]).Sample((a, b, year) =>
        {
            var vs = Obligation.SymbolFor(FeeCodes.Dog, year, a);
            Assert.Matches("^[1-9][0-9]{0,9}$", vs);
            Assert.Equal(a == b, vs == Obligation.SymbolFor(FeeCodes.Dog, year, b));
            Assert.NotEqual(vs, Obligation.SymbolFor(FeeCodes.Waste, year, a));
            Assert.NotEqual(vs, Obligation.SymbolFor(FeeCodes.Dog, year + 1, a));
        });

    [Fact]
    public void An_obligation_id_follows_from_registration_and_year()
    {
        var registration = Guid.NewGuid();
        Assert.Equal(Obligation.IdFor(registration, 2027), Obligation.IdFor(registration, 2027));
        Assert.NotEqual(Obligation.IdFor(registration, 2027), Obligation.IdFor(registration, 2028));
        Assert.NotEqual(Obligation.IdFor(registration, 2027), Obligation.IdFor(Guid.NewGuid(), 2027));
    }

    [Fact]
    public void The_balance_is_what_the_ledger_adds_up_to_and_what_is_overdue_follows_the_instalments()
    {
        var o = new Obligation();
        o.Apply(new Assessed(Guid.NewGuid(), Guid.NewGuid(), FeeCodes.Waste, 2027, null, "Jana", 1680, "2720000001",
            [new Instalment(new DateOnly(2027, 3, 31), 840), new Instalment(new DateOnly(2027, 6, 30), 840)], [], DateTimeOffset.UtcNow));
        Assert.Equal(0, o.OverdueOn(new DateOnly(2027, 3, 31)));
        Assert.Equal(840, o.OverdueOn(new DateOnly(2027, 4, 1)));
        o.Apply(new PaymentApplied(Guid.NewGuid(), 1000, "card", DateTimeOffset.UtcNow));
        Assert.Equal(680, o.Remaining);
        Assert.Equal(new DateOnly(2027, 6, 30), o.NextDueDate);
        Assert.Equal(0, o.OverdueOn(new DateOnly(2027, 4, 1)));
        o.Apply(new Adjusted(-80, "oprava", "K", DateTimeOffset.UtcNow));
        o.Apply(new WrittenOff(600, "nedobytné", "K", DateTimeOffset.UtcNow));
        Assert.Equal(0, o.Remaining);
        Assert.True(o.IsSettled);
        Assert.Null(o.NextDueDate);
    }
}
