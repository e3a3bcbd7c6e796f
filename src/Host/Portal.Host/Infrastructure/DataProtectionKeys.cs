using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Portal.Host.Infrastructure;

/// <summary>One key of the ring ASP.NET Core protects sign-in cookies and antiforgery tokens with.</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = string.Empty;
    public string Xml { get; set; } = string.Empty;
}

/// <summary>
/// The key ring in PostgreSQL beside everything else: a restart (a container without a persistent home folder) does not
/// sign every citizen out and void every open form, and several instances share one ring. The keys are stored as
/// ASP.NET Core writes them (not encrypted at rest, as on disk): whoever reads the database reads the portal's data
/// anyway. The interface is synchronous; it is called when the ring is loaded and refreshed (about once a day).
/// </summary>
public sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var session = store.QuerySession();
        return session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        session.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
