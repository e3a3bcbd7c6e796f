using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Shared.Hosting;

/// <summary>
/// Periodic work that must run on one instance at a time when several serve one database (the idle-draft sweep, the
/// pending card payments' re-check): a PostgreSQL session advisory lock named after the job. An instance that finds
/// the lock taken skips this round; one that dies drops its connection and with it the lock.
/// </summary>
public static class ClusterLock
{
    /// <summary>Runs <paramref name="work"/> unless another instance runs the same job now; answers whether it ran.</summary>
    public static async Task<bool> TryRunAsync(DbConnection connection, string job, Func<Task> work, CancellationToken cancellationToken)
    {
        var key = KeyOf(job);
        await using (connection)
        {
            await connection.OpenAsync(cancellationToken);
            if (await ScalarAsync(connection, $"select pg_try_advisory_lock({key})", cancellationToken) is not true)
            {
                return false;
            }

            try
            {
                await work();
                return true;
            }
            finally
            {
                await ScalarAsync(connection, $"select pg_advisory_unlock({key})", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Waits until no other request anywhere holds any of <paramref name="names"/>, then holds them all until the answer
    /// is disposed (a second press of "pay" waits for the first and then sees what it did). Taken in a fixed order, so
    /// two holders of overlapping sets never wait for each other; a wait longer than 30 s fails instead of hanging.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldAsync(DbConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var keys = names.Select(KeyOf).Distinct().Order().ToArray();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ScalarAsync(connection, "set statement_timeout = 30000", cancellationToken);
            foreach (var key in keys)
            {
                await ScalarAsync(connection, $"select pg_advisory_lock({key})", cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync(); // the server drops what this connection held
            throw;
        }

        return new Held(connection, keys);
    }

    private sealed class Held(DbConnection connection, long[] keys) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                foreach (var key in keys)
                {
                    await ScalarAsync(connection, $"select pg_advisory_unlock({key})", CancellationToken.None);
                }
            }
        }
    }

    /// <summary>A stable 64-bit key for a job's name (the same on every instance and release).</summary>
    public static long KeyOf(string job) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("portal-job:" + job)), 0);

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
