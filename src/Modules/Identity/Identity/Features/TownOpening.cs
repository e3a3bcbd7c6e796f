using Marten;
using Microsoft.Extensions.Localization;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared.Email;
using Portal.Shared.Towns;
using Portal.Towns.Contracts;

namespace Portal.Identity.Features;

/// <summary>
/// A new town's first administrator: an account in the town with the administrator's role and an invitation to set a
/// password (a link valid 7 days, sent again from nowhere else: the operator creates a new town's administrator only
/// here). Handled in the new town; a second delivery finds the administrator and does nothing.
/// </summary>
public static class TownOpenedHandler
{
    public static async Task<object[]> Handle(TownOpened message, IDocumentSession session, ITowns towns, IStringLocalizer<IdentityText> t, TimeProvider clock, CancellationToken ct)
    {
        if (message.FirstAdministratorEmail is not { Length: > 0 } email
            || await session.Query<UserAccount>().AnyAsync(a => a.Roles.Contains(PortalRoles.Administrator), ct))
        {
            return [];
        }

        var normalized = EmailIndex.Normalize(email);
        if (await session.LoadAsync<EmailIndex>(normalized, ct) is not null)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var name = message.FirstAdministratorName ?? "Správce portálu";
        var admin = UserAccount.CreatePersonal(name, email, string.Empty, now, PortalRoles.Administrator);
        var (token, secret) = UserToken.Issue(admin.Id, TokenPurpose.ResetPassword, now, TimeSpan.FromDays(7));
        session.Insert(admin);
        session.Insert(new EmailIndex { Id = normalized, UserId = admin.Id });
        session.Insert(token);
        var town = towns.Current;
        return
        [
            new SendEmail(new EmailMessage(email, name, t["Váš účet správce portálu obce"],
                string.Format(t["Dobrý den,\n\nprovozovatel portálu pro vás založil portál obce {0} a účet jeho správce. Heslo si nastavíte zde (odkaz platí 7 dní):\n{1}"],
                    town.Name, town.Link("/Account/ResetPassword?token=" + Uri.EscapeDataString(secret))))),
        ];
    }
}
