using Portal.Shared.Towns;
using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Infrastructure;

/// <summary>
/// The demo town's people for a local run: citizens and a clerk per agenda, with passwords generated on first seed,
/// printed and written to a git-ignored file. One citizen is already linked to a NIA emulator person.
/// </summary>
internal sealed class DemoData(IDocumentStore store, IServiceScopeFactory scopes, IPasswordHasher<UserAccount> hasher, IOptions<IdentityOptions> options, TimeProvider clock, ILogger<DemoData> logger)
{
    private static readonly (string Name, string Email, string[] Agendas, string? PersonIdentifier)[] People =
    [
        ("Jana Dvořáková", "jana.dvorakova@demo.portal", [], "CZ/CZ/ff0a1b2c-jana-dvorakova"),
        ("Petr Svoboda", "petr.svoboda@demo.portal", [], null),
        ("Lucie Horáková", "lucie.horakova@demo.portal", [], null),
        ("Eva Podatelná", "podatelna@demo.portal", [Agendas.Filing], null),
        ("Karel Poplatek", "poplatky@demo.portal", [Agendas.Fees], null),
        ("Marie Stavební", "stavebni@demo.portal", [Agendas.Building], null),
        ("Tomáš Matrikář", "matrika@demo.portal", [Agendas.Registry], null),
    ];

    /// <summary>The demo town's form manager (správce formulářů), added also to a demo seeded before the designer existed.</summary>
    private static readonly (string Name, string Email) FormManager = ("Filip Formulářový", "formulare@demo.portal");

    /// <summary>
    /// Seeds the town's demo people. The first town's use <c>@demo.portal</c> addresses, another town's
    /// <c>@{town}.demo.portal</c>, so nobody mistakes one town's demo account for the other's.
    /// </summary>
    public async Task SeedAsync(Portal.Shared.Towns.TownProfile town, bool first, CancellationToken cancellationToken)
    {
        var domain = first ? "demo.portal" : town.Id + ".demo.portal";
        string Email(string address) => address.Replace("demo.portal", domain, StringComparison.Ordinal);
        await using var session = store.LightweightSession(town.Id);
        if (await session.LoadAsync<EmailIndex>(EmailIndex.Normalize(Email(People[0].Email)), cancellationToken) is not null)
        {
            await SeedFormManagerAsync(session, new StringBuilder(), Email, cancellationToken);
            return; // seeded on an earlier start; the passwords are in the credentials file
        }

        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Wolverine.Marten.IMartenOutbox>();
        outbox.Enroll(session);
        var accounts = new List<UserAccount>();
        var lines = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Demo accounts of {town.Name} at {town.PublicBaseUrl} (generated on first start):\n");
        foreach (var (name, plainEmail, agendas, personIdentifier) in People)
        {
            var email = Email(plainEmail);
            var password = NewPassword();
            var account = UserAccount.CreatePersonal(name, email, string.Empty, now, agendas.Length == 0 ? PortalRoles.Citizen : PortalRoles.Clerk);
            account.PasswordHash = hasher.HashPassword(account, password);
            account.EmailConfirmed = true;
            if (agendas.Length > 0)
            {
                account.SetAgendas(agendas);
            }

            if (personIdentifier is not null)
            {
                var parts = name.Split(' ');
                account.LinkNia(new NiaIdentity(personIdentifier, parts[0], parts[1], new DateOnly(1985, 4, 12), "Demo", "Náměstí 1, 100 00 Město Demo", LevelOfAssurance.Substantial, now));
                session.Insert(new NiaLink { Id = personIdentifier, UserId = account.Id });
            }

            session.Insert(account);
            accounts.Add(account);
            session.Insert(new EmailIndex { Id = EmailIndex.Normalize(email), UserId = account.Id });
            var role = agendas.Length == 0 ? "citizen" : "clerk (" + string.Join(", ", agendas) + ")";
            lines.Append(CultureInfo.InvariantCulture, $"  {email,-32} {password}   {role}{(personIdentifier is null ? string.Empty : ", NIA-verified")}\n");
        }

        // Other modules' demo data that belongs to these people (a case waiting for the citizen) follows from this.
        await SeedFormManagerAsync(session, lines, Email, cancellationToken);
        var citizen = accounts[0];
        var filing = accounts.First(a => a.Agendas.Contains(Agendas.Filing));
        await outbox.PublishAsync(new DemoAccountsSeeded(citizen.Id, citizen.DisplayName, citizen.Email!, citizen.Nia!.DateOfBirth ?? new DateOnly(1985, 4, 12), filing.Id, filing.DisplayName, citizen.Nia.Address));
        await session.SaveChangesAsync(cancellationToken);
        var file = options.Value.DemoData.CredentialsFile;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.AppendAllTextAsync(file, lines.Append('\n').ToString(), cancellationToken);
        logger.LogWarning("{DemoAccounts}", lines.ToString());
    }

    private async Task SeedFormManagerAsync(IDocumentSession session, StringBuilder lines, Func<string, string> email, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<EmailIndex>(EmailIndex.Normalize(email(FormManager.Email)), cancellationToken) is not null)
        {
            return;
        }

        var password = NewPassword();
        var address = email(FormManager.Email);
        var account = UserAccount.CreatePersonal(FormManager.Name, address, string.Empty, clock.GetUtcNow(), PortalRoles.FormManager);
        account.PasswordHash = hasher.HashPassword(account, password);
        account.EmailConfirmed = true;
        session.Insert(account);
        session.Insert(new EmailIndex { Id = EmailIndex.Normalize(address), UserId = account.Id });
        var line = $"  {address,-32} {password}   form manager (správce formulářů)\n";
        if (lines.Length > 0)
        {
            lines.Append(line);
            return; // written with the others
        }

        // Added to a demo seeded earlier: saved now, and its line appended to the credentials file.
        await session.SaveChangesAsync(cancellationToken);
        var file = options.Value.DemoData.CredentialsFile;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".");
        await File.AppendAllTextAsync(file, line, cancellationToken);
        logger.LogWarning("Demo form manager added: {Line}", line);
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return "demo-" + RandomNumberGenerator.GetString(alphabet, 12);
    }
}
