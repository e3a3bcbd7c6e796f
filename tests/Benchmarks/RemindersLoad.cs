using System.Diagnostics;
using System.Globalization;
using JasperFx;
using Marten;
using Npgsql;
using Portal.Fees.Domain;
using Portal.Identity.Domain;

namespace Portal.Benchmarks;

/// <summary>
/// Reminders issue figure: N instalments (N citizens with an account and an e-mail address, one dog-fee obligation
/// each) all due 14 days from today. The host is started with the day's reminders due at once; measured: the reminder
/// run (read, check, log, publish: "queued"), the messages written and the e-mails in the pickup folder ("sent"),
/// and the host's memory (peak, and resident memory as the run goes: flat means it does not grow with N).
/// </summary>
internal static class RemindersLoad
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string hostDll, int count)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Portal") ?? throw new InvalidOperationException("ConnectionStrings__Portal is not set");
        var pickup = Path.Combine(Path.GetTempPath(), "portal-bench-reminders-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(pickup);
        var settings = new Dictionary<string, string> { ["Email__PickupDirectory"] = pickup, ["Fees__ReminderSendAt"] = "23:59:59" };

        // 1. A first start creates the schema (the day's reminders not yet due), then the seed.
        var port = DraftLoad.FreePort();
        using (var first = DraftLoad.StartHost(hostDll, port, settings))
        {
            await DraftLoad.WaitFor($"http://127.0.0.1:{port}/health/ready");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        using var store = DraftLoad.Store(connection, o =>
        {
            o.Schema.For<UserAccount>().DatabaseSchemaName("identity");
            o.Schema.For<Obligation>().DatabaseSchemaName("fees").UseNumericRevisions(true); // as the host's inline snapshot
        });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).DateTime);
        var due = today.AddDays(14);
        Console.WriteLine(string.Create(Inv, $"== Seeding {count:N0} citizens with one dog-fee obligation each, due {due:yyyy-MM-dd}"));
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in Enumerable.Range(1, count).Chunk(20_000))
        {
            var accounts = chunk.Select(i => new UserAccount
            {
                Id = Guid.CreateVersion7(),
                DisplayName = $"Poplatník {i}",
                Email = $"poplatnik.{i}@example.cz",
                EmailConfirmed = true,
                Roles = ["citizen"],
                CreatedAt = now,
            }).ToList();
            var obligations = accounts.Select((a, k) => new Obligation
            {
                Id = Guid.CreateVersion7(),
                RegistrationId = Guid.CreateVersion7(),
                FeeCode = FeeCodes.Dog,
                Year = due.Year,
                CitizenId = a.Id,
                PayerName = a.DisplayName,
                VariableSymbol = string.Create(Inv, $"{due.Year % 100:00}1{chunk[k]:0000000}"),
                Assessed = 1500,
                Instalments = [new Instalment(due, 1500)],
                AssessedAt = now,
            }).ToList();
            await Task.WhenAll(store.BulkInsertAsync(DraftLoad.Town, accounts), store.BulkInsertAsync(DraftLoad.Town, obligations));
        }

        await using (var analyze = new NpgsqlConnection(connection))
        {
            await analyze.OpenAsync();
            await new NpgsqlCommand("analyze identity.mt_doc_useraccount; analyze fees.mt_doc_obligation", analyze).ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(Inv, $"seeded in {watch.Elapsed.TotalSeconds:F1} s"));

        // 2. The host again, now with the day's reminders due: it queues the day's run as it starts.
        settings["Fees__ReminderSendAt"] = "00:00";
        using var host = DraftLoad.StartHost(hostDll, port, settings);
        var started = Stopwatch.StartNew();
        await DraftLoad.WaitFor($"http://127.0.0.1:{port}/health/live");
        var samples = new List<(double Seconds, long Messages, long Mails, long RssKb)>();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        double? queued = null;
        long mails = 0;
        while (started.Elapsed < TimeSpan.FromMinutes(20))
        {
            await Task.Delay(2000);
            var messages = (long)(await new NpgsqlCommand("select count(*) from messages.mt_doc_message", db).ExecuteScalarAsync())!;
            mails = Directory.EnumerateFiles(pickup, "*.eml").LongCount();
            var rss = Memory(host.Id, "VmRSS:");
            samples.Add((started.Elapsed.TotalSeconds, messages, mails, rss));
            if (queued is null && await new NpgsqlCommand($"select data ->> 'Status' from fees.mt_doc_reminderrun where id = '{today:yyyy-MM-dd}'", db).ExecuteScalarAsync() is string status && status is "Finished" or "2")
            {
                queued = started.Elapsed.TotalSeconds;
            }

            Console.WriteLine(string.Create(Inv, $"{started.Elapsed.TotalSeconds,6:F0} s  messages {messages,9:N0}  e-mails {mails,9:N0}  host memory {rss / 1024.0,6:F0} MB"));
            if (mails >= count && messages >= count)
            {
                break;
            }
        }

        var sent = started.Elapsed.TotalSeconds;
        var peak = Memory(host.Id, "VmHWM:");
        var run = await new NpgsqlCommand($"select (data ->> 'StartedAt')::timestamptz, (data ->> 'FinishedAt')::timestamptz, data ->> 'Sent' from fees.mt_doc_reminderrun where id = '{today:yyyy-MM-dd}'", db).ExecuteReaderAsync();
        await run.ReadAsync();
        var runSeconds = (run.GetFieldValue<DateTimeOffset>(1) - run.GetFieldValue<DateTimeOffset>(0)).TotalSeconds;
        var runSent = run.GetString(2);
        await run.DisposeAsync();
        host.Kill(entireProcessTree: true);

        Console.WriteLine(string.Create(Inv, $"reminder run (queue)        : {runSeconds,8:F1} s  {runSent} reminders logged and published"));
        Console.WriteLine(string.Create(Inv, $"all messages and e-mails    : {sent,8:F1} s from host start ({mails:N0} e-mails in the pickup folder)"));
        Console.WriteLine(string.Create(Inv, $"host peak memory            : {peak / 1024.0,8:F0} MB"));
        foreach (var q in new[] { 0.25, 0.5, 0.75, 1.0 })
        {
            var at = samples.FirstOrDefault(s => s.Mails >= count * q);
            Console.WriteLine(string.Create(Inv, $"memory at {q * 100,3:F0} % of e-mails     : {at.RssKb / 1024.0,8:F0} MB ({at.Seconds:F0} s)"));
        }

        Directory.Delete(pickup, recursive: true);
        return 0;
    }

    private static long Memory(int pid, string field)
    {
        try
        {
            return File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv)).Single();
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
