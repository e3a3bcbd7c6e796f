namespace Portal.Shared.Towns;

/// <summary>
/// The town the current work belongs to (a tenant: Marten's tenant id, Wolverine's envelope tenant id). Set by the web
/// request from its host name, by the bus from a message's tenant id, and by a job for each town it walks; every
/// session, clock and setting of the work follows it. Nothing else says which town: there is no global "the town".
/// </summary>
public static class TownContext
{
    /// <summary>The tenant id of the platform's console (its operators' accounts and sessions); never a town's id.</summary>
    public const string PlatformId = "platform";

    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The current town's id, or null outside any town (platform work: the town registry, key ring, health).</summary>
    public static string? CurrentId => current.Value;

    /// <summary>The current town's id; work that must belong to a town fails loudly outside one.</summary>
    public static string RequiredId => current.Value
        ?? throw new InvalidOperationException("This work belongs to a town, but no town is in scope (a request without a known host, or a message without a tenant id).");

    /// <summary>Runs what follows (in this async flow) in a town; disposing returns to the previous one.</summary>
    public static IDisposable Enter(string townId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(townId);
        var previous = current.Value;
        current.Value = townId;
        return new Restore(previous);
    }

    /// <summary>
    /// Sets the town for the rest of the calling flow without restoring it; for a synchronous hook (a bus middleware)
    /// whose caller's flow ends with the work itself.
    /// </summary>
    public static void Set(string? townId) => current.Value = townId;

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
