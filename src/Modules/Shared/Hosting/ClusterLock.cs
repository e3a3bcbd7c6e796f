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
