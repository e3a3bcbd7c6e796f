namespace Portal.Host.Infrastructure;

/// <summary>One line that says why the portal did not start, for the operator and the supervisor's log.</summary>
public static class StartFailure
{
    public static string Describe(Exception e)
    {
        var root = e;
        while (root is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            root = aggregate.InnerExceptions[0];
        }

        // The innermost database or network error says most (e.g. "Failed to connect to 127.0.0.1:1", "28P01: password
        // authentication failed for user ..."); the hosting wrappers around it say nothing new.
        var cause = root;
        for (var inner = root; inner is not null; inner = inner.InnerException)
        {
            if (inner is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                cause = inner;
                break;
            }

            cause = inner;
        }

        var message = cause.Message.ReplaceLineEndings(" ");
        return $"Portál se nespustil / The portal did not start: {message} ({cause.GetType().Name}). Zkontrolujte ConnectionStrings:Portal a dostupnost PostgreSQL / check ConnectionStrings:Portal and that PostgreSQL is reachable.";
    }
}
