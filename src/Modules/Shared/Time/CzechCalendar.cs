namespace Portal.Shared.Time;

/// <summary>
/// Czech public holidays (act 245/2000 Sb.: státní svátky and ostatní svátky, days off work) and the working days
/// they leave, for deadlines: 1 January, Good Friday, Easter Monday, 1 and 8 May, 5 and 6 July, 28 September,
/// 28 October, 17 November, 24 to 26 December. Easter is computed for any year (the anonymous Gregorian algorithm).
/// Good Friday is a holiday since 2016.
/// </summary>
public static class CzechCalendar
{
    private static readonly (int Month, int Day)[] Fixed =
        [(1, 1), (5, 1), (5, 8), (7, 5), (7, 6), (9, 28), (10, 28), (11, 17), (12, 24), (12, 25), (12, 26)];

    /// <summary>Easter Sunday of a Gregorian year (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    public static bool IsPublicHoliday(DateOnly date)
    {
        foreach (var (month, day) in Fixed)
        {
            if (date.Month == month && date.Day == day)
            {
                return true;
            }
        }

        var easter = EasterSunday(date.Year);
        return date == easter.AddDays(1) || (date.Year >= 2016 && date == easter.AddDays(-2));
    }

    public static bool IsWorkingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    /// <summary>The day itself when it is a working day, otherwise the next working day.</summary>
    public static DateOnly NextWorkingDay(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// The last day of a period of <paramref name="days"/> days under správní řád (act 500/2004) §40(1): it starts
    /// on the day after the event, so its last day is the event's day + days; when that is a Saturday, Sunday or
    /// public holiday, the last day is the next working day. The period ends at the end of that day.
    /// </summary>
    public static DateOnly PeriodEnd(DateOnly eventDay, int days) => NextWorkingDay(eventDay.AddDays(Math.Max(0, days)));
}
