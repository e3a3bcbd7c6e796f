using System.Text.RegularExpressions;
using CsCheck;
using Portal.Payments.Domain;

namespace Portal.Payments.Tests;

/// <summary>
/// The receipt number "PL-yyyyMMdd-XXXXXXXXXX": the Prague day the payment was made and ten characters of its id, for a
/// card payment's time-ordered id and for a statement payment's id made from its line alike.
/// </summary>
public sealed partial class ReceiptNumberTests
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

    private static readonly Gen<DateTimeOffset> Moments = Gen.Long[new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()]
        .Select(DateTimeOffset.FromUnixTimeMilliseconds);

    private static string PragueDay(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Prague).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_statement_payments_id_that_carries_no_time_numbers_its_receipt_by_the_day_it_was_recorded()
    {
        // An id made from a statement line whose first bytes, read as a time, lie beyond the year 9999 (it broke the receipt).
        var payment = new Payment { Id = Guid.Parse("f6573a5e-c9bb-8367-bac4-b03361942954"), CreatedAt = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero) };
        Assert.Matches(@"^PL-20270101-[0-9A-Z]{10}$", payment.ReceiptNumber(Prague));
    }

    [Fact]
    public void Any_id_gives_a_well_formed_number_of_its_day_and_always_the_same_one() =>
        Gen.Select(Gen.Byte.Array[16], Moments).Sample((bytes, created) =>
        {
            var payment = new Payment { Id = new Guid(bytes, bigEndian: true), CreatedAt = created };
            var number = payment.ReceiptNumber(Prague);
            Assert.Matches(Format(), number);
            Assert.Equal(number, payment.ReceiptNumber(Prague));
            if (payment.Id.Version != 7)
            {
                Assert.Equal("PL-" + PragueDay(created), number[..11]);
            }
        });

    [Fact]
    public void A_card_payments_time_ordered_id_gives_the_prague_day_it_was_made_whatever_else_the_payment_says() =>
        Gen.Select(Moments, Moments).Sample((made, recorded) =>
        {
            var payment = new Payment { Id = Guid.CreateVersion7(made), CreatedAt = recorded };
            Assert.Equal("PL-" + PragueDay(made), payment.ReceiptNumber(Prague)[..11]);
        });

    /// <summary>Crockford's base32 leaves out I, L, O and U.</summary>
    [GeneratedRegex("^PL-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{10}$")]
    private static partial Regex Format();
}
