using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Payments.Contracts;
using Portal.Testing;

namespace Portal.Fees.Tests;

/// <summary>Reminders at 00:15 Prague time, one obligation per batch and slice: every batch is its own durable message.</summary>
public sealed class ReminderApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fees:ReminderSendAt"] = "00:15",
        ["Fees:ReminderBatchSize"] = "1",
        ["Fees:ReminderSlice"] = "00:00:00",
    };
}

/// <summary>
/// Reminders of instalments: the fees clerk sets the days, the job finds the instalments due on the town's day
/// (a fake clock), reminds each once, never a paid one, and goes on from its checkpoint message by message; the arrears
/// list with its CSV and a reminder to the chosen payers.
/// </summary>
public sealed class ReminderTests(ReminderApp app) : IClassFixture<ReminderApp>
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
    private static readonly int Year = DateTime.UtcNow.Year;

    private async Task SetDueDatesAsync(string feeCode, params DateOnly[] dates)
    {
        await using var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId);
        var fee = (await session.LoadAsync<FeeKind>(feeCode))!;
        fee.RatesFor(Year)!.DueDates = [.. dates];
        session.Store(fee);
        await session.SaveChangesAsync();
    }

    /// <summary>The instant a Prague wall clock shows this day and time.</summary>
    private static DateTimeOffset PragueTime(DateOnly day, int hour, int minute) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Prague), TimeSpan.Zero);

    private async Task<ReminderRun> RunAsync(DateTimeOffset now)
    {
        var day = await app.Service<ReminderClock>().QueueAsync(PortalApp.TownId, now, CancellationToken.None);
        Assert.NotNull(day);
        return await Wait.UntilAsync(async () =>
        {
            await using var query = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
            return await query.LoadAsync<ReminderRun>(ReminderRun.IdFor(day.Value)) is { Status: ReminderRunStatus.Finished } run ? run : null;
        }, TimeSpan.FromSeconds(60));
    }

    private static async Task<string[]> KindsAsync(PortalClient citizen) =>
        (await citizen.GetJsonAsync<JsonElement>("/api/messages")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).ToArray();

    [Fact]
    public async Task Reminders_go_out_on_the_towns_day_once_per_instalment_and_never_for_what_is_paid()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Prague).DateTime);
        var due = today.AddDays(20);
        Assert.True(due.Year == Year, "the test needs a due date in this year; it runs before 11 December");
        await SetDueDatesAsync(FeeCodes.Dog, due);

        using var clerk = await app.ClerkAsync("fees");
        var saved = await clerk.SubmitAsync(await clerk.GetAsync("/Fees/Manage"), "form[data-testid=reminders-psi]", new Dictionary<string, string?> { ["before"] = "14, 3", ["after"] = "7" });
        Assert.Contains("14 dní před splatností, 3 dní před splatností, 7 dní po splatnosti", saved.Text("[data-testid=reminder-days-psi]"), StringComparison.Ordinal);
        var refused = await clerk.SubmitAsync(saved, "form[data-testid=reminders-psi]", new Dictionary<string, string?> { ["before"] = "čtrnáct" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        var (owing, owed) = await app.PayerAsync(clerk, "psi", "Radek", "Upomínaný", "1971-01-11");
        var (paying, paid) = await app.PayerAsync(clerk, "psi", "Pavla", "Zaplacená", "1972-02-12");
        Assert.Equal(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), owed.GetProperty("dueDate").GetString());
        var paidId = paid.GetProperty("id").GetGuid();
        await app.PublishAsync(new PaymentReceived(Guid.NewGuid(), paidId, paid.GetProperty("remaining").GetDecimal(), PaymentChannels.Manual, paid.GetProperty("variableSymbol").GetString(), DateTimeOffset.UtcNow));
        await Wait.UntilAsync(async () => await paying.FeeAsync(paidId) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);

        // 14 days before the due date, at 00:30 in Prague: 23:30 of the day before in UTC. Before 00:15 nothing is queued.
        var reminderDay = due.AddDays(-14);
        Assert.Null(await app.Service<ReminderClock>().QueueAsync(PortalApp.TownId, PragueTime(reminderDay, 0, 5), CancellationToken.None));
        var first = await RunAsync(PragueTime(reminderDay, 0, 30));
        Assert.Equal(reminderDay, first.Day);
        Assert.True(first.Sent >= 1);
        var kinds = await Wait.UntilAsync(async () => await KindsAsync(owing) is { Length: > 0 } k ? k : null);
        Assert.Equal(["instalment-due-soon"], kinds);
        Assert.DoesNotContain(await KindsAsync(paying), k => k.StartsWith("instalment-", StringComparison.Ordinal));

        // Queued again, or the same day's message delivered again: nothing new.
        Assert.Null(await app.Service<ReminderClock>().QueueAsync(PortalApp.TownId, PragueTime(reminderDay, 9, 0), CancellationToken.None));
        await app.PublishAsync(new SendReminders(reminderDay));
        await Task.Delay(1500);
        Assert.Equal(["instalment-due-soon"], await KindsAsync(owing));

        // Seven days after the due date the unpaid one is reminded as overdue, with the whole overdue amount.
        await RunAsync(PragueTime(due.AddDays(7), 7, 0));
        kinds = await Wait.UntilAsync(async () => await KindsAsync(owing) is { Length: 2 } k ? k : null);
        await Task.Delay(500);
        Assert.Equal(2, (await KindsAsync(owing)).Length);
        Assert.Contains("instalment-overdue", kinds);
        Assert.DoesNotContain(await KindsAsync(paying), k => k.StartsWith("instalment-", StringComparison.Ordinal));
        Assert.Equal(2, await app.ScalarAsync($"select count(*) from fees.reminder_log where obligation_id = '{owed.GetProperty("id").GetGuid()}'"));
        Assert.Equal(0, await app.ScalarAsync($"select count(*) from fees.reminder_log where obligation_id = '{paidId}'"));

        // The finished run left the next day's run waiting in the database as a scheduled message.
        Assert.True(await app.ScalarAsync("select count(*) from wolverine.wolverine_incoming_envelopes where message_type like '%SendReminders%' and status = 'Scheduled'") >= 1);
    }

    [Fact]
    public async Task The_arrears_list_shows_who_owes_since_when_exports_CSV_and_reminds_the_chosen_once_a_day()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Prague).DateTime);
        var due = new DateOnly(Year, 3, 31);
        Assert.True(due < today);
        await SetDueDatesAsync(FeeCodes.Waste, due);

        using var clerk = await app.ClerkAsync("fees");
        var email = $"papirovy.{Guid.NewGuid():N}@example.cz";
        var created = await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "odpad",
            payerName = "Ondřej Nedoplatek",
            payerBirthDate = "1960-06-06",
            payerEmail = email,
            address = "Na Nábřeží 3, 100 00 Město Demo",
            from = $"{Year}-01-01",
            subjects = new[] { new { name = "Ondřej Nedoplatek", birthDate = "1960-06-06", from = $"{Year}-01-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await Wait.UntilAsync(async () => await clerk.GetAsync($"/Fees/Arrears?fee=odpad&year={Year}") is var p && p.Html.Contains("Ondřej Nedoplatek", StringComparison.Ordinal) ? p : null);
        var row = page.Document.QuerySelectorAll("[data-testid=arrears] tbody tr").Single(r => r.TextContent.Contains("Ondřej Nedoplatek", StringComparison.Ordinal));
        Assert.Contains("31. 3. " + Year, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("žádná", row.TextContent, StringComparison.Ordinal);

        var csv = await clerk.Http.GetAsync(page.Document.QuerySelector("[data-testid=arrears-csv]")!.GetAttribute("href"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF\"Poplatník\";\"Variabilní symbol\";\"Adresa\";\"Předepsáno (Kč)\";\"Dluží po splatnosti (Kč)\";\"Po splatnosti od\"", text, StringComparison.Ordinal);
        var line = text.Split("\r\n").Single(l => l.Contains("Ondřej Nedoplatek", StringComparison.Ordinal));
        Assert.Contains($"\"31. 3. {Year}\"", line, StringComparison.Ordinal);
        Assert.Contains(";\"ne\"", line, StringComparison.Ordinal);

        var id = row.QuerySelector("input[name=ids]")!.GetAttribute("value")!;
        var sent = await clerk.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string?> { ["ids"] = id });
        Assert.Contains("Odesláno upomínek: 1.", sent.Text("[data-testid=arrears-sent]"), StringComparison.Ordinal);
        var mail = await app.Mail.WaitForAsync(email);
        Assert.StartsWith("Nezaplaceno po splatnosti: Poplatek za obecní systém odpadového hospodářství", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"31. 3. {Year}", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/Messages/Settings", mail.Body, StringComparison.Ordinal);

        var again = await clerk.SubmitAsync(await clerk.GetAsync($"/Fees/Arrears?fee=odpad&year={Year}"), "main form[method=post]", new Dictionary<string, string?> { ["ids"] = id });
        Assert.Contains("Odesláno upomínek: 0.", again.Text("[data-testid=arrears-sent]"), StringComparison.Ordinal);
        Assert.Contains("1, poslední", again.Document.QuerySelectorAll("[data-testid=arrears] tbody tr").Single(r => r.TextContent.Contains("Ondřej Nedoplatek", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(app.Mail.For(email));

        // Only fees clerks.
        using var registry = await app.ClerkAsync("registry");
        Assert.Equal(HttpStatusCode.Forbidden, (await registry.Http.GetAsync($"/Fees/Arrears.csv?fee=odpad&year={Year}")).StatusCode);
    }
}
