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
