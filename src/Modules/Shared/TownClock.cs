using System.Globalization;
using Microsoft.Extensions.Options;

namespace Portal.Shared;

/// <summary>
/// The town's clock: instants are stored in UTC; what a person reads, and what "today" means to a rule, is in the
/// town's zone (<c>Portal:TimeZone</c>, <c>Europe/Prague</c> by default). No <c>ToLocalTime()</c>, no server zone.
/// </summary>
public sealed class TownClock(TimeProvider time, IOptions<PortalOptions> options)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeZoneInfo Zone => zone;

    /// <summary>Now, as the town's wall clock shows it.</summary>
    public DateTimeOffset Now => ToTown(time.GetUtcNow());

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public DateTimeOffset ToTown(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>A date and time for people: <c>30. 11. 2026 19:11</c> (Czech) or <c>30 Nov 2026 19:11</c> (English).</summary>
    public string Format(DateTimeOffset instant)
    {
        var local = ToTown(instant);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "cs"
            ? local.ToString("d. M. yyyy H:mm", CultureInfo.InvariantCulture)
            : local.ToString("d MMM yyyy H:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A date and time to the second (a receipt, the register): <c>30. 11. 2026 19:11:08</c>.</summary>
    public string FormatSeconds(DateTimeOffset instant)
    {
        var local = ToTown(instant);
        return CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "cs"
            ? local.ToString("d. M. yyyy H:mm:ss", CultureInfo.InvariantCulture)
            : local.ToString("d MMM yyyy H:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>The instant the town's day begins (its midnight), for "delivered on that day" filters.</summary>
    public DateTimeOffset StartOf(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone), TimeSpan.Zero);

    /// <summary>The town's calendar day of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToTown(instant).DateTime);

    /// <summary>A day for people: <c>30. 11. 2026</c> (Czech) or <c>30 Nov 2026</c> (English).</summary>
#pragma warning disable CA1822 // an instance member, so views reach it through the injected clock
    public string FormatDate(DateOnly date) => FormatDate(date, CultureInfo.CurrentUICulture);
#pragma warning restore CA1822

    /// <summary>A day for people in a given language (where no request's culture applies).</summary>
    public static string FormatDate(DateOnly date, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en"
            ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : date.ToString("d. M. yyyy", CultureInfo.InvariantCulture);
}
