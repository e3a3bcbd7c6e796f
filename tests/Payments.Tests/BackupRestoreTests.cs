using System.Diagnostics;
using System.Net;
using Npgsql;
using Portal.Forms.Contracts;
using Portal.Payments.Statements;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>Operations: build/backup.sh and build/restore.sh give back every draft, submission and payment.</summary>
public sealed class BackupRestoreTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "build", "backup.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("build/backup.sh not found above " + AppContext.BaseDirectory);
    }

    private static async Task Run(string script, NpgsqlConnectionStringBuilder db, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(Root(), "build", script), args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["PGHOST"] = db.Host;
        info.Environment["PGPORT"] = db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = db.Username;
        info.Environment["PGDATABASE"] = db.Database;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script}: {await output}{await error}");
    }

    private static async Task<long[]> Counts(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var counts = new List<long>();
        foreach (var table in new[] { "forms.mt_doc_draft", "filing.mt_doc_submission", "payments.mt_doc_payment", "portal.mt_events", "identity.mt_doc_useraccount" })
        {
            await using var command = new NpgsqlCommand($"select count(*) from {table}", db);
            counts.Add((long)(await command.ExecuteScalarAsync())!);
        }

        return [.. counts];
    }

    [Fact]
    public async Task A_backup_restored_into_a_new_database_holds_every_draft_submission_and_payment()
    {
        var (citizen, _) = await app.CitizenAsync("Božena Zálohová");
        Assert.Equal(HttpStatusCode.Created, (await citizen.PostJsonAsync("/api/forms/drafts", new { formCode = "obecne-podani" })).StatusCode);
        var submission = Guid.NewGuid();
        await app.PublishAsync(new FormSubmitted(submission, "obecne-podani", 1, "Obecné podání", "filing", Guid.NewGuid(), "Božena Zálohová", null,
            new Dictionary<string, string> { ["vec"] = "Záloha" }, [], "00", DateTimeOffset.UtcNow));
        using var clerk = await app.ClerkAsync("fees");
        await clerk.ImportStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 77, DateOnly.FromDateTime(DateTime.UtcNow), [new GpcItem(123m, Posting.Credit, "9191919")]), "zaloha.gpc");
        var before = await Wait.UntilAsync(async () => await Counts(app.ConnectionString) is var c && c.All(n => n > 0) ? c : null);

        var source = new NpgsqlConnectionStringBuilder(app.ConnectionString);
        var file = Path.Combine(Path.GetTempPath(), $"portal-backup-{Guid.NewGuid():N}.dump");
        var restored = "restored_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await Run("backup.sh", source, file);
            await Run("restore.sh", source, file, restored);
            var target = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = restored };
            Assert.Equal(before, await Counts(target.ConnectionString));
        }
        finally
        {
            File.Delete(file);
        }

        citizen.Dispose();
    }
}
