using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Portal.Filing.Domain;
using Portal.Forms.Contracts;
using Portal.Shared.Time;
using Portal.Testing;

namespace Portal.Filing.Tests;

/// <summary>Správní řád §40 in the town's calendar: periods, Czech public holidays and Easter, paused days.</summary>
public sealed class DeadlineRulesTests
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    public void Easter_sunday_is_computed_for_any_year(int year, string easter) =>
        Assert.Equal(DateOnly.Parse(easter, CultureInfo.InvariantCulture), CzechCalendar.EasterSunday(year));

    public static TheoryData<string> Holidays2024To2030()
    {
        var data = new TheoryData<string>();
        for (var year = 2024; year <= 2030; year++)
        {
            foreach (var (m, d) in new[] { (1, 1), (5, 1), (5, 8), (7, 5), (7, 6), (9, 28), (10, 28), (11, 17), (12, 24), (12, 25), (12, 26) })
            {
                data.Add(new DateOnly(year, m, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            var easter = CzechCalendar.EasterSunday(year);
            data.Add(easter.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); // Good Friday
            data.Add(easter.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));  // Easter Monday
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Holidays2024To2030))]
    public void Public_holidays_are_not_working_days(string day)
    {
        var date = DateOnly.Parse(day, CultureInfo.InvariantCulture);
        Assert.True(CzechCalendar.IsPublicHoliday(date));
        Assert.False(CzechCalendar.IsWorkingDay(date));
    }

    [Theory]
    [InlineData("2027-03-30", true)]  // the Tuesday after Easter Monday
    [InlineData("2027-03-25", true)]  // Maundy Thursday is a working day
    [InlineData("2027-12-27", true)]  // the Monday after Christmas
    [InlineData("2027-05-07", true)]
    [InlineData("2015-04-03", true)]  // Good Friday before it became a holiday (2016)
    [InlineData("2027-03-27", false)] // Saturday
    [InlineData("2027-03-28", false)] // Easter Sunday
    public void Ordinary_weekdays_around_holidays_are_working_days_and_weekends_are_not(string day, bool working) =>
        Assert.Equal(working, CzechCalendar.IsWorkingDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2027-01-04", 30, "2027-02-03")] // Monday + 30 = Wednesday
    [InlineData("2027-01-08", 30, "2027-02-08")] // ends Sunday 7 Feb: moves to Monday
    [InlineData("2027-01-06", 30, "2027-02-05")] // ends Friday
    [InlineData("2026-09-28", 30, "2026-10-29")] // ends 28 October (Wednesday, a holiday): Thursday
    [InlineData("2026-11-24", 30, "2026-12-28")] // ends 24 December: 24, 25, 26 (Sat), 27 (Sun) off: Monday 28
    [InlineData("2026-12-02", 30, "2027-01-04")] // ends 1 January (Friday): Monday 4 January
    [InlineData("2027-02-24", 30, "2027-03-30")] // ends 26 March 2027, Good Friday: Saturday, Easter Sunday, Easter Monday, so Tuesday
    [InlineData("2028-03-15", 30, "2028-04-18")] // ends 14 April 2028 (Good Friday): Easter Monday 17th: Tuesday 18th
    [InlineData("2029-03-02", 30, "2029-04-03")] // ends 1 April 2029 (Easter Sunday): Monday a holiday: Tuesday
    [InlineData("2030-06-05", 30, "2030-07-08")] // ends 5 July 2030 (Friday, a holiday): 6 July Saturday, Sunday: Monday 8th
    [InlineData("2024-12-25", 7, "2025-01-02")]  // ends 1 January 2025: Thursday 2nd
    [InlineData("2027-10-27", 1, "2027-10-29")]  // one day: 28 October is a holiday
    public void A_period_starts_the_day_after_and_a_last_day_off_work_moves_to_the_next_working_day(string delivered, int days, string end)
    {
        Assert.Equal(DateOnly.Parse(end, CultureInfo.InvariantCulture), CzechCalendar.PeriodEnd(DateOnly.Parse(delivered, CultureInfo.InvariantCulture), days));
    }

    private static Submission Delivered(DateTimeOffset at)
    {
        var s = new Submission();
        s.Apply(new Registered(Guid.NewGuid(), at.Year, 1, "MDEMO 1/2027", "MDEMOX20270000001", at, "obecne-podani", 1, "Podání", "filing", Guid.NewGuid(), "Jana", null,
            new Dictionary<string, string>(), [], "00"));
        return s;
    }

    [Fact]
    public void The_deadline_is_a_prague_day_and_is_overdue_only_after_that_day_has_ended()
    {
        // Delivered at 23:30 on 4 January in Prague (22:30 UTC): the period starts on 5 January.
        var s = Delivered(new DateTimeOffset(2027, 1, 4, 22, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2027, 1, 4), s.DeliveredOn(Prague));
        var deadline = s.DeadlineOn(Prague, s.DeliveredAt);
        Assert.Equal(new DateOnly(2027, 2, 3), deadline);
        var lastMinute = new DateTimeOffset(2027, 2, 3, 22, 59, 0, TimeSpan.Zero); // 23:59 in Prague
        Assert.False(s.IsOverdue(lastMinute, Prague));
        Assert.True(s.IsOverdue(lastMinute.AddMinutes(1), Prague)); // 00:00 on 4 February
    }

    [Fact]
    public void A_request_for_completion_pauses_the_period_by_whole_days()
    {
        var s = Delivered(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        var asked = new DateTimeOffset(2027, 1, 10, 15, 0, 0, TimeSpan.Zero);
        s.Apply(new CompletionRequested(Guid.NewGuid(), "K", "Doložte", null, asked));
        Assert.False(s.IsOverdue(asked.AddDays(100), Prague)); // waiting for the citizen: never overdue
        Assert.Equal(5, s.PausedDays(Prague, asked.AddDays(5)));
        s.Apply(new CompletionAnswered("Přikládám", asked.AddDays(12).AddHours(-14))); // 22 January, 01:00 UTC
        Assert.Equal(12, s.PausedDays(Prague, asked.AddDays(100)));
        Assert.Equal(CzechCalendar.PeriodEnd(new DateOnly(2027, 1, 4), 42), s.DeadlineOn(Prague, asked.AddDays(100)));
    }
}

/// <summary>The year of a reference number, the receipt's fingerprint recomputed from what the citizen downloads.</summary>
public sealed class TownTimeFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static FormSubmitted Sent(Guid id, DateTimeOffset at) => new(id, "obecne-podani", 1, "Obecné podání", "filing", Guid.NewGuid(), "Jana Silvestrová", null,
        new Dictionary<string, string> { ["vec"] = "Silvestr" }, [], "00", at);

    [Fact]
    public async Task A_submission_at_half_past_midnight_on_new_years_day_in_prague_belongs_to_the_new_year()
    {
        var beforeMidnight = Guid.NewGuid();
        var afterMidnight = Guid.NewGuid();
        await app.PublishAsync(Sent(beforeMidnight, new DateTimeOffset(2030, 12, 31, 22, 30, 0, TimeSpan.Zero))); // 23:30 in Prague
        await app.PublishAsync(Sent(afterMidnight, new DateTimeOffset(2030, 12, 31, 23, 30, 0, TimeSpan.Zero)));  // 00:30 on 1 January 2031
        var old = await app.RegisteredAsync(beforeMidnight);
        var @new = await app.RegisteredAsync(afterMidnight);
        Assert.EndsWith("/2030", old.ReferenceNumber, StringComparison.Ordinal);
        Assert.Equal(2030, old.Year);
        Assert.EndsWith("/2031", @new.ReferenceNumber, StringComparison.Ordinal);
        Assert.Equal(2031, @new.Year);
        Assert.Equal("MDEMO 1/2031", @new.ReferenceNumber);
    }

    [Fact]
    public async Task The_receipt_shows_prague_time_and_its_fingerprint_is_the_sha256_of_what_the_citizen_downloads()
    {
        var (citizen, _) = await app.CitizenAsync("Otakar Otisk");
        var draft = await citizen.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" });
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(draft.Content)).GetProperty("id").GetGuid();
        var revision = (await citizen.GetJsonAsync<System.Text.Json.JsonElement>($"/api/forms/drafts/{id}")).GetProperty("revision").GetInt32();
        var step0 = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(citizen.Http, $"/api/forms/drafts/{id}/steps/0", new
        {
            revision,
            next = true,
            values = new Dictionary<string, string> { ["podatel.name"] = "Otakar Otisk", ["adresa.street"] = "Lipová 12", ["adresa.city"] = "Město Demo", ["adresa.zip"] = "100 00" },
        });
        revision = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(step0.Content)).GetProperty("revision").GetInt32();
        var step1 = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(citizen.Http, $"/api/forms/drafts/{id}/steps/1", new
        {
            revision,
            next = true,
            values = new Dictionary<string, string> { ["agenda"] = "filing", ["vec"] = "Žádost \"s uvozovkami\" a \\ lomítkem", ["text"] = "Řádek jedna\nřádek dva – s pomlčkou a emoji 🙂." },
        });
        revision = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(step1.Content)).GetProperty("revision").GetInt32();
        await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision });
        var registered = await app.RegisteredAsync(id);

        var content = await citizen.Http.GetByteArrayAsync($"/Submissions/{id}/obsah.txt");
        Assert.Equal(registered.Digest, Convert.ToHexString(SHA256.HashData(content)));
        var text = Encoding.UTF8.GetString(content);
        Assert.StartsWith(SubmissionContent.Header + "\n", text, StringComparison.Ordinal);
        Assert.Contains("hodnota\ttext\tŘádek jedna\\nřádek dva", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal); // no JSON escaping

        var prague = TimeZoneInfo.ConvertTime(registered.DeliveredAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague"));
        var receipt = await citizen.GetAsync($"/Submissions/{id}/Receipt");
        Assert.Contains(prague.ToString("d. M. yyyy H:mm:ss", CultureInfo.InvariantCulture), receipt.Text("[data-testid=receipt]"));

        // Nobody else downloads it.
        var (other, _) = await app.CitizenAsync("Cizí Čtenář");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.Http.GetAsync($"/Submissions/{id}/obsah.txt")).StatusCode);
        citizen.Dispose();
        other.Dispose();
    }
}
