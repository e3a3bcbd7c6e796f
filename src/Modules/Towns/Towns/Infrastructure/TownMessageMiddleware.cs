using Portal.Shared.Towns;
using Wolverine;

namespace Portal.Towns.Infrastructure;

/// <summary>
/// Wolverine middleware on every handler: the handler works in the town of the message (its envelope's tenant id), so
/// its sessions, settings and the messages it publishes are that town's. Synchronous on purpose: the town it sets stays
/// for the rest of the generated handler method.
/// </summary>
public static class TownMessageMiddleware
{
    /// <summary>The town the single-town release's data became: its messages, still queued, carry no tenant id.</summary>
    internal static volatile string? SingleTownDataHolder;

    public static void Before(Envelope envelope)
    {
        var town = envelope.TenantId is { Length: > 0 } tenant && tenant != "*DEFAULT*" ? tenant : SingleTownDataHolder;
        TownContext.Set(town);
        if (town is not null && envelope.TenantId != town)
        {
            envelope.TenantId = town;
        }
    }
}

/// <summary>
/// Wolverine middleware after <see cref="TownMessageMiddleware"/>: a message of a town this instance does not know yet
/// (opened a moment ago elsewhere) is looked up again; a message of a town that no longer exists (removed with all its
/// rows) is dropped, so nothing is written in its name after its removal.
/// </summary>
public static class RemovedTownGuard
{
    public static async Task<HandlerContinuation> BeforeAsync(Envelope envelope, TownDirectory directory, Microsoft.Extensions.Logging.ILogger<TownDirectory> logger)
    {
        var town = envelope.TenantId;
        if (town is null or "*DEFAULT*" || town == TownContext.PlatformId || directory.Find(town) is not null)
        {
            return HandlerContinuation.Continue;
        }

        await directory.ReloadAsync(CancellationToken.None);
        if (directory.Find(town) is not null)
        {
            return HandlerContinuation.Continue;
        }

        Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "A {Message} of town {Town}, which no longer exists, is dropped", envelope.MessageType, town);
        return HandlerContinuation.Stop;
    }
}
