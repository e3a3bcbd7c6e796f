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

/// <summary>What a new draft starts with from the signed-in identity (NIA's address and date of birth only for a verified session).</summary>
public static partial class PersonPrefillHandler
{
    /// <remarks>
    /// Asked while the draft start holds its lock on a connection of Marten's pool: the read takes the request
    /// connections (docs/architecture.md §15), or 100 starts at once would each wait for a second connection of a pool
    /// they had used up.
    /// </remarks>
    public static async Task<PersonPrefill> Handle(GetPersonPrefill query, ISessionFactory sessions, CancellationToken ct)
    {
        await using var session = sessions.QuerySession();
        var account = await session.LoadAsync<UserAccount>(query.UserId, ct);
        if (account is null)
        {
            return new PersonPrefill(string.Empty, null, null, null);
        }

        var nia = query.Verified ? account.Nia : null;
        return new PersonPrefill(account.DisplayName, account.Email, nia?.DateOfBirth, Split(nia?.Address));
    }

    /// <summary>NIA gives the address as one line ("Náměstí 1, 100 00 Město"): street, then postcode and town.</summary>
    public static PrefillAddress? Split(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var parts = address.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var last = parts[^1];
        var zip = ZipAndTown().Match(last);
        return zip.Success
            ? new PrefillAddress(string.Join(", ", parts[..^1]), zip.Groups["town"].Value.Trim(), zip.Groups["zip"].Value)
            : new PrefillAddress(string.Join(", ", parts[..^1]), last, string.Empty);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<zip>[0-9]{3} ?[0-9]{2})\s+(?<town>.+)$")]
    private static partial System.Text.RegularExpressions.Regex ZipAndTown();
}
