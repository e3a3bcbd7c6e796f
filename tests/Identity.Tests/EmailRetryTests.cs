using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Portal.Testing;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Identity.Tests;

/// <summary>A real SMTP server that refuses each recipient's first deliveries ("452 try later"), then accepts.</summary>
public sealed class FlakySmtpServer : IDisposable
{
    private readonly CancellationTokenSource stop = new();

    public FlakySmtpServer(int refusals)
    {
        Store = new FlakyStore(refusals);
        Port = TestPostgres.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(Store);
        Running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public Task Running { get; }

    public FlakyStore Store { get; }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    /// <summary>Where the server puts messages; not disposable (SmtpServer disposes a disposable store after each session).</summary>
    public sealed class FlakyStore(int refusals) : IMessageStore
    {
        public ConcurrentDictionary<string, int> Attempts { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentDictionary<string, string> Delivered { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var to = string.Join(",", transaction.To.Select(m => m.User + "@" + m.Host));
            if (Attempts.AddOrUpdate(to, 1, (_, n) => n + 1) <= refusals)
            {
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.InsufficientStorage, "Mailbox busy, try again later"));
            }

            Delivered[to] = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

/// <summary>The portal sending through the flaky SMTP server, with retries seconds apart instead of hours.</summary>
public sealed class SmtpApp : PortalApp
{
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }

    public FlakySmtpServer Smtp { get; } = new(refusals: 2);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SmtpStartTls"] = "false",
        ["Email:RetryDelays:0"] = "00:00:01",
        ["Email:RetryDelays:1"] = "00:00:02",
        ["Email:RetryDelays:2"] = "00:00:02",
    };
}

/// <summary>Operations: an e-mail the SMTP server refuses is sent again later, not lost on the first failure.</summary>
public sealed class EmailRetryTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    [Fact]
    public async Task A_receipt_email_refused_twice_by_the_smtp_server_is_delivered_on_a_later_attempt()
    {
        var email = $"opakovani-{Guid.NewGuid():N}@example.cz";
        using var anonymous = app.Client();
        var registered = await anonymous.PostJsonAsync("/api/identity/registrations", new { name = "Olga Opakovaná", email, password = "Tři kočky na střeše 2026" });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!app.Smtp.Store.Delivered.ContainsKey(email) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(app.Smtp.Store.Delivered.ContainsKey(email), $"not delivered; attempts: {app.Smtp.Store.Attempts.GetValueOrDefault(email)}; server: {app.Smtp.Running.Status} {app.Smtp.Running.Exception}");
        Assert.Equal(3, app.Smtp.Store.Attempts[email]); // refused, refused, accepted
        Assert.Contains("/Account/Verify", app.Smtp.Store.Delivered[email]);
    }
}
