using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Portal.Fees.Contracts;
using Portal.Fees.Features;
using Portal.Payments.Contracts;
using Portal.Payments.Domain;
using Portal.Testing;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Transports;

namespace Portal.Towns.Tests;

/// <summary>
/// The figures an operator reads of many towns (the platform's list, /metrics) are counted for all towns in one pass
/// and still belong to each town: town A's dead letters are never town B's, and each town's totals are its own.
/// </summary>
public sealed partial class OperationsFiguresTests(TwoTownsApp app) : IClassFixture<TwoTownsApp>
{
    private const string TestMessageType = "Portal.Towns.Tests.NothingToDo";

    /// <summary>The statistics' totals and the /metrics gauges that show them, in the same order.</summary>
    private static readonly string[] Totals = ["citizens", "personalAccounts", "niaAccounts", "verifiedCitizens"];
    private static readonly string[] Gauges = ["portal_identity_citizens", "portal_identity_citizens_personal", "portal_identity_citizens_nia", "portal_identity_citizens_verified"];

    private static Envelope Envelope(string town) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = town,
        MessageType = TestMessageType,
        ContentType = "application/json",
        Data = "{}"u8.ToArray(),
        Destination = new Uri("local://durable/"),
        SentAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task The_platforms_list_counts_each_towns_dead_letters_and_queued_messages_as_the_towns_own_report_does()
    {
        using var @operator = await app.Platform.SignInAsync(TwoTownsApp.OperatorEmail, PortalApp.AdminPassword);
        using var adminA = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using var adminB = await app.B.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        async Task<(long Dead, long Queued)> Listed(string town)
        {
            var row = (await @operator.GetJsonAsync<JsonElement[]>("/api/platform/towns")).Single(t => t.GetProperty("id").GetString() == town);
            return (row.GetProperty("deadLetters").GetInt64(), row.GetProperty("queued").GetInt64());
        }

        var deadA = (await Listed(PortalApp.TownId)).Dead;
        var deadB = (await Listed(TwoTownsApp.TownB)).Dead;

        // Two dead letters in town A, one in town B, and a message of town B scheduled for tomorrow.
        var messages = app.Services.GetRequiredService<IMessageStore>();
        try
        {
            foreach (var town in new[] { PortalApp.TownId, PortalApp.TownId, TwoTownsApp.TownB })
            {
                await messages.Inbox.MoveToDeadLetterStorageAsync(Envelope(town), new InvalidOperationException("Zkušební chyba"));
            }

            // Three messages of town B scheduled for tomorrow: each town's queue as the list counts it in one pass is what
            // the town's own filter counts (other messages come and go meanwhile, hence "until").
            for (var i = 0; i < 3; i++)
            {
                var scheduled = Envelope(TwoTownsApp.TownB);
                scheduled.Status = EnvelopeStatus.Scheduled;
                scheduled.ScheduledTime = DateTimeOffset.UtcNow.AddDays(1);
                scheduled.OwnerId = TransportConstants.AnyNode;
                await messages.Inbox.StoreIncomingAsync(scheduled);
            }

            Task<long> Filtered(string town) => app.ScalarAsync(
                "select count(*) from wolverine.wolverine_incoming_envelopes where status <> 'Handled' and " + Portal.Shared.Towns.TownEnvelopes.Filter.Replace("?", $"'{town}'", StringComparison.Ordinal));
            await Wait.UntilAsync(async () =>
                (await Listed(PortalApp.TownId)).Queued == await Filtered(PortalApp.TownId) && (await Listed(TwoTownsApp.TownB)).Queued == await Filtered(TwoTownsApp.TownB) ? "same" : null);
            Assert.True(await Filtered(TwoTownsApp.TownB) >= 3);
            Assert.Equal(deadA + 2, (await Listed(PortalApp.TownId)).Dead);
            Assert.Equal(deadB + 1, (await Listed(TwoTownsApp.TownB)).Dead);

            // Each town's own report (filtered by town, one town at a time) agrees with the list's one pass.
            Assert.Equal(deadA + 2, (await adminA.GetJsonAsync<JsonElement>("/api/operations")).GetProperty("deadLetterCount").GetInt64());
            Assert.Equal(deadB + 1, (await adminB.GetJsonAsync<JsonElement>("/api/operations")).GetProperty("deadLetterCount").GetInt64());
        }
        finally
        {
            await app.ScalarAsync($"with gone as (delete from wolverine.wolverine_dead_letters where message_type = '{TestMessageType}' returning 1) select count(*) from gone");
            await app.ScalarAsync($"with gone as (delete from wolverine.wolverine_incoming_envelopes where message_type = '{TestMessageType}' returning 1) select count(*) from gone");
        }
    }

    [Fact]
    public async Task Metrics_show_each_towns_citizens_as_the_towns_own_statistics_count_them()
    {
        // Town B gains a citizen that town A does not have.
        var (citizen, _) = await app.B.CitizenAsync("Bohdana Vzorová");
        citizen.Dispose();
        using var adminA = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using var adminB = await app.B.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using var local = app.Client();
        foreach (var (admin, town) in new[] { (adminA, PortalApp.TownId), (adminB, TwoTownsApp.TownB) })
        {
            // Both are read again on every try: the town may still be gaining accounts (its demo data, seeded from
            // the outbox) while the test reads, and then the figures agree only once it has settled.
            var last = "";
            var (expected, shown) = await Wait.UntilAsync(async () =>
            {
                var statistics = await admin.GetJsonAsync<JsonElement>("/api/identity/statistics");
                var counted = Totals.Select(p => (long?)statistics.GetProperty(p).GetInt64()).ToArray();
                var metrics = await local.Http.GetStringAsync("/metrics");
                var figures = Gauges.Select(g => Gauge(metrics, g, town)).ToArray();
                last = $"{town}: statistics {string.Join(",", counted)}, /metrics {string.Join(",", figures)}";
                return figures.SequenceEqual(counted) ? Tuple.Create(counted, figures) : null;
            }, TimeSpan.FromSeconds(60)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException(last, t.Exception), TaskScheduler.Default);
            Assert.Equal(expected, shown);
            Assert.True(town != TwoTownsApp.TownB || expected[0] > 0, "Town B has the citizen it gained.");
        }
    }

    [Fact]
    public async Task The_stuck_work_gauges_count_what_is_stuck_in_every_town_in_one_query_per_module()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var store = app.Service<IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        async Task<(long Imports, long Pending, long Assessments)> Counted()
        {
            var payments = await bus.InvokeAsync<PaymentsOperationsCount>(new CountPaymentsOperations(now, now));
            var runs = await bus.InvokeAsync<StuckAssessmentsCount>(new CountStuckAssessments(now));
            return (payments.StuckImports, payments.PendingCardPayments, runs.Count);
        }

        var before = await Counted();

        // A card payment left "created" in each town, an assessment left running in town B only.
        var (paymentA, paymentB) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var run = $"zkusebni-{Guid.NewGuid():N}";
        await using (var a = store.LightweightSession(PortalApp.TownId))
        {
            a.Store(new Payment { Id = paymentA, Channel = "card", State = PaymentState.Created, Amount = 100, CreatedAt = now.AddHours(-1) });
            await a.SaveChangesAsync();
        }

        await using (var b = store.LightweightSession(TwoTownsApp.TownB))
        {
            b.Store(new Payment { Id = paymentB, Channel = "card", State = PaymentState.Created, Amount = 100, CreatedAt = now.AddHours(-1) });
            b.Store(new AssessmentRun { Id = run, FeeCode = "psi", Year = 2000, Status = AssessmentStatus.Running, StartedAt = now.AddHours(-1) });
            await b.SaveChangesAsync();
        }

        try
        {
            Assert.Equal((before.Imports, before.Pending + 2, before.Assessments + 1), await Counted());
        }
        finally
        {
            await using var a = store.LightweightSession(PortalApp.TownId);
            a.Delete<Payment>(paymentA);
            await a.SaveChangesAsync();
            await using var b = store.LightweightSession(TwoTownsApp.TownB);
            b.Delete<Payment>(paymentB);
            b.Delete<AssessmentRun>(run);
            await b.SaveChangesAsync();
        }
    }

    /// <summary>A gauge's value for one town in the Prometheus text, or null while it is not there.</summary>
    private static long? Gauge(string metrics, string name, string town)
    {
        foreach (Match m in GaugeLine().Matches(metrics))
        {
            if (m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains($"town=\"{town}\"", StringComparison.Ordinal))
            {
                return long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex GaugeLine();
}
