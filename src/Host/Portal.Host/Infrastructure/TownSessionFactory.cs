using Marten;
using SessionOptions = Marten.Services.SessionOptions;
using Marten.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Portal.Shared.Towns;

namespace Portal.Host.Infrastructure;

/// <summary>
/// The sessions pages, endpoints and slices get: opened for the town the work is in (<see cref="TownContext"/>), so a
/// query never sees another town's rows. Work outside any town that asks for one is a defect and fails loudly.
/// </summary>
/// <remarks>
/// These sessions draw their connections from a pool of their own that skips Npgsql's reset (<c>DISCARD ALL</c>) when
/// a connection goes back: the reset costs PostgreSQL more than a page's own queries, and a request's sessions leave
/// nothing on a connection that the next user could trip over (no session settings, advisory locks or temporary
/// tables: they only read and write documents and events, in transactions that end before the connection is returned).
/// Because nothing is reset, the statements these sessions repeat stay prepared on each connection (Npgsql's automatic
/// preparation), so PostgreSQL parses and plans them once per connection, not once per use.
/// What does leave state behind keeps Marten's own pool, which resets: the bulk inserts of statements (a temporary
/// table per copy), the portal's cluster locks (session advisory locks) and Wolverine's message store.
/// </remarks>
internal sealed class TownSessionFactory : ISessionFactory, IAsyncDisposable
{
    /// <summary>The request pool's size unless configured (40 was too few for a burst of 200 draft starts, each waiting for its lock).</summary>
    public const int RequestPoolSize = 80;

    private readonly IDocumentStore store;
    private readonly NpgsqlDataSource connections;
    private readonly Lazy<IMartenDatabase> database;

    public TownSessionFactory(IDocumentStore store, IConfiguration configuration)
    {
        this.store = store;
        // ConnectionStrings:PortalRequests, where set, is taken as it is; otherwise the main connection string with
        // a pool small enough that both pools together stay under PostgreSQL's max_connections (100 + 80 < 200): a
        // refused connection costs far more than a request waiting a moment for a free one.
        var own = configuration.GetConnectionString("PortalRequests");
        var builder = new NpgsqlConnectionStringBuilder(own ?? configuration.GetConnectionString("Portal"));
        if (own is null)
        {
            builder.MaxPoolSize = RequestPoolSize;
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
            builder.ApplicationName ??= "portal-requests";
        }

        builder.NoResetOnClose = true;

        connections = NpgsqlDataSource.Create(builder.ConnectionString);
        database = new Lazy<IMartenDatabase>(() =>
        {
            // The same tables as Marten's own database, whose changes were applied before the portal started serving
            // (ApplyAllDatabaseChangesOnStartup). Without this each document type's first use here would check the
            // schema again under a process-wide lock, and a burst of first requests timed out behind it (5 s).
            var requests = new MartenDatabase(((DocumentStore)store).Options, connections, "portal-requests");
            requests.MarkAllFeaturesAsChecked();
            return requests;
        });
    }

    public IQuerySession QuerySession() => store.QuerySession(SessionOptions.ForDatabase(TownContext.RequiredId, database.Value));

    public IDocumentSession OpenSession() => store.LightweightSession(SessionOptions.ForDatabase(TownContext.RequiredId, database.Value));

    public ValueTask DisposeAsync() => connections.DisposeAsync();
}
