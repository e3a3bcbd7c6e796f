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
}
