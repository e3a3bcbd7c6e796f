using Marten;
using Portal.Shared.Towns;

namespace Portal.Host.Infrastructure;

/// <summary>
/// The sessions pages, endpoints and slices get: opened for the town the work is in (<see cref="TownContext"/>), so a
/// query never sees another town's rows. Work outside any town that asks for one is a defect and fails loudly.
/// </summary>
internal sealed class TownSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(TownContext.RequiredId);

    public IDocumentSession OpenSession() => store.LightweightSession(TownContext.RequiredId);
}
