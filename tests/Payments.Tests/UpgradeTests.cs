using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>
/// The database of the previous release (commit 04c5ef7, landed 2026-11-30), restored with build/restore.sh as
/// install.md's upgrade section says; this release starts on it and applies its schema changes itself. The dump was
/// made by Fixtures/UpgradeSeed.cs.txt run against that release: a citizen with a sent submission and a draft
/// half-way, a fees and filing clerk, a dog fee paid by a bank statement.
/// </summary>
public sealed class UpgradeApp : PortalApp
{
    public const string Dump = "release-04c5ef7.dump";

    protected override async Task<string> CreateDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString);
        var name = "upgrade_" + Guid.NewGuid().ToString("N")[..16];
        var info = new ProcessStartInfo(Path.Combine(Repository.Root, "build", "restore.sh"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList = { Path.Combine(Repository.Root, "tests", "Payments.Tests", "Fixtures", Dump), name },
        };
        info.Environment["PGHOST"] = server.Host;
        info.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = server.Username;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"restore.sh failed: {await output}{await error}");
        }

        return $"{TestPostgres.ServerConnectionString};Database={name};Include Error Detail=true";
    }
}

public sealed class UpgradeTests(UpgradeApp app) : IClassFixture<UpgradeApp>
{
    private const string CitizenEmail = "upgrade.obcan@example.cz";
    private const string ClerkEmail = "upgrade.urednik@mesto.cz";
    private static readonly Guid Sent = Guid.Parse("01a22f12-da9a-71a8-b0cb-2e73a302df7d");
    private static readonly Guid HalfWay = Guid.Parse("01a22f12-dcc2-7c06-8154-5b306dcf2a9d");

    [Fact]
    public async Task The_previous_releases_accounts_submissions_drafts_and_payments_work_after_the_upgrade()
    {
        // Accounts: the passwords hashed by the old release still sign in.
        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using var citizen = await app.SignInAsync(CitizenEmail, Accounts.Password);
        using var clerk = await app.SignInAsync(ClerkEmail, Accounts.Password);

        // The sent submission: in the citizen's list, its content downloads with the digest of its receipt.
        var submissions = await citizen.GetJsonAsync<JsonElement[]>("/api/submissions");
        var sent = Assert.Single(submissions, s => s.GetProperty("id").GetGuid() == Sent);
        var reference = sent.GetProperty("referenceNumber").GetString()!;
        Assert.False(string.IsNullOrEmpty(reference));
        var registered = await app.RegisteredAsync(Sent);
        Assert.Equal(registered.Digest, Convert.ToHexString(SHA256.HashData(await citizen.Http.GetByteArrayAsync($"/Submissions/{Sent}/obsah.txt"))));
        Assert.Contains(reference, (await clerk.GetAsync("/Filing/Register")).Html);

        // The draft saved half-way in the old release is finished and sent in the new one.
        var draft = await citizen.GetJsonAsync<JsonElement>($"/api/forms/drafts/{HalfWay}");
        Assert.Equal("Věra Upgradová", draft.GetProperty("values").GetProperty("podatel.name").GetString());
        var step1 = await citizen.Http.PutAsJsonAsync($"/api/forms/drafts/{HalfWay}/steps/1", new
        {
            revision = draft.GetProperty("revision").GetInt32(),
            next = true,
            values = new Dictionary<string, string> { ["agenda"] = "filing", ["vec"] = "Dokončeno po aktualizaci", ["text"] = "Rozepsáno ve starší verzi, odesláno v nové." },
        });
        var saved = await step1.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(saved.GetProperty("errors").EnumerateObject());
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{HalfWay}/submission", new { revision = saved.GetProperty("revision").GetInt32() })).StatusCode);
        var finished = await app.RegisteredAsync(HalfWay);
        Assert.NotEqual(reference, finished.ReferenceNumber);
        if (finished.Year == registered.Year)
        {
            Assert.Equal(registered.Sequence + 1, finished.Sequence); // the numbering goes on where the old release left it
        }

        // The fee paid in the old release: paid for its payer (who signs in through NIA again), one payment.
        using var payer = app.Client();
        await payer.PickNiaPersonAsync(await payer.GetAsync("/Account/Nia"), "Karel", "Upgradový", "1965-04-12", "CZ/CZ/upgrade-0001");
        var fee = Assert.Single(await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.Equal(0m, fee.GetProperty("remaining").GetDecimal());
        Assert.True(fee.GetProperty("paid").GetDecimal() > 0);
        var payment = Assert.Single(await payer.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal("Paid", payment.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await payer.Http.GetAsync($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}")).StatusCode);

        // Nothing of the old release's work went wrong on the way.
        var operations = await admin.GetJsonAsync<JsonElement>("/api/operations");
        Assert.Empty(operations.GetProperty("deadLetters").EnumerateArray());
    }
}
