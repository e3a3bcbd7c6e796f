using Npgsql;

namespace Portal.Host.Infrastructure;

/// <summary>
/// Instances of the portal that start together over one database (a deployment, a restart of every node) take turns
/// for their start work: the schema migration, the first administrator, the default fee kinds and the form
/// catalogue are written by one instance at a time, so two starts never collide on the same rows. The turn is a
/// PostgreSQL session advisory lock held from before the first hosted service starts until the last one has
/// started; a node that dies meanwhile drops its connection and with it the lock.
/// </summary>
internal sealed class StartGate(string connectionString, ILogger<StartGate> logger) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The advisory lock key: "portal-start" as a number, apart from Wolverine's and Marten's own keys.</summary>
    internal const long LockKey = 0x706F7274616C5354;

    private NpgsqlConnection? connection;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "portal-start-gate" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var tryLock = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection) { Parameters = { new("key", LockKey) } };
        if (await tryLock.ExecuteScalarAsync(cancellationToken) is true)
        {
            return;
        }

        logger.LogInformation("Another instance of the portal is starting over this database; waiting for it to finish its start");
        await using var waitLock = new NpgsqlCommand("select pg_advisory_lock(@key)", connection) { Parameters = { new("key", LockKey) }, CommandTimeout = 0 };
        await waitLock.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => ReleaseAsync();

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => ReleaseAsync();

    public ValueTask DisposeAsync() => new(ReleaseAsync());

    private async Task ReleaseAsync()
    {
        if (connection is { } open)
        {
            connection = null;
            await open.DisposeAsync(); // closing the session releases its advisory locks
        }
    }
}
