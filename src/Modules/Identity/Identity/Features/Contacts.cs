using Marten;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Features;

/// <summary>Where the message centre writes to: an account's name and e-mail address, for many accounts at once.</summary>
public static class CitizenContactsHandler
{
    public static async Task<CitizenContacts> Handle(GetCitizenContacts query, IQuerySession session, CancellationToken ct)
    {
        var ids = query.Ids.Distinct().ToArray();
        var contacts = new List<CitizenContact>(ids.Length);
        foreach (var chunk in ids.Chunk(10_000))
        {
            var accounts = await session.Query<UserAccount>().Where(a => a.Id.IsOneOf(chunk)).Select(a => new { a.Id, a.DisplayName, a.Email, a.DeactivatedAt }).ToListAsync(ct);
            contacts.AddRange(accounts.Select(a => new CitizenContact(a.Id, a.DisplayName, a.DeactivatedAt is null ? a.Email : null)));
        }

        return new CitizenContacts(contacts);
    }
}
