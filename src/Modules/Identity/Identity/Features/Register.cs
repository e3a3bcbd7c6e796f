using System.Net.Mail;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared;
using Portal.Shared.Email;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Identity.Features;

/// <summary>Personal registration: name, e-mail, password. The answer never says whether the e-mail was known.</summary>
public sealed record Register(string? Name, string? Email, string? Password) : IRequest;

public sealed class RegisterSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IPasswordHasher<UserAccount> hasher,
    IStringLocalizer<IdentityText> t,
    IOptions<IdentityOptions> options,
    Portal.Shared.Towns.ITowns towns,
    TimeProvider clock) : IRequestHandler<Register>
{
    public async ValueTask<Unit> Handle(Register request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? string.Empty;
        var email = request.Email?.Trim() ?? string.Empty;
        AccountRules.CheckNameAndEmail(errors, name, email, t);
        AccountRules.CheckPassword(errors, "password", request.Password, email, name, t);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        outbox.Enroll(session);
        var normalized = EmailIndex.Normalize(email);
        var existing = await session.LoadAsync<EmailIndex>(normalized, cancellationToken);

        // Hashed whether or not the address is known: the answer's timing tells nothing either.
        var account = UserAccount.CreatePersonal(name, email, string.Empty, now);
        account.PasswordHash = hasher.HashPassword(account, request.Password!);
        var mayMail = await MailSent.TryTakeAsync(session, email, options.Value.EmailsPerAddressPerHour, now, cancellationToken);
        if (existing is not null)
        {
            if (!mayMail)
            {
                await session.SaveChangesAsync(cancellationToken);
                return Unit.Value;
            }

            // Tell the owner of the address, not the person at the keyboard.
            await outbox.PublishAsync(new SendEmail(new EmailMessage(email, name, t["Pokus o novou registraci"],
                string.Format(t["Dobrý den,\n\nněkdo se právě pokusil zaregistrovat na portálu s touto e-mailovou adresou. Pokud jste to byli vy, účet už máte: přihlaste se, nebo si nastavte nové heslo zde:\n{0}\n\nPokud ne, tento e-mail můžete ignorovat."],
                    towns.Current.Link("/Account/ForgotPassword")))));
            await session.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        session.Insert(account);
        session.Insert(new EmailIndex { Id = normalized, UserId = account.Id });
        var (token, secret) = UserToken.Issue(account.Id, TokenPurpose.VerifyEmail, now, TimeSpan.FromHours(options.Value.VerificationLinkHours));
        session.Insert(token);
        await outbox.PublishAsync(new CitizenRegistered(account.Id, AccountKind.Personal, now));
        if (mayMail)
        {
            await outbox.PublishAsync(AccountRules.VerificationEmail(account, secret, t, towns.Current, options.Value));
        }

        // EmailIndex's id is the address: a concurrent registration of the same address fails here, whole.
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Rules shared by the account slices.</summary>
internal static class AccountRules
{
    public static bool IsValidEmail(string email) =>
        email.Length is > 3 and <= 254
        && MailAddress.TryCreate(email, out var parsed)
        && string.Equals(parsed.Address, email, StringComparison.Ordinal)
        && parsed.Host.Contains('.', StringComparison.Ordinal);

    public static void CheckNameAndEmail(ValidationErrors errors, string name, string email, IStringLocalizer t)
    {
        if (name.Length is < 2 or > 100)
        {
            errors.Add("name", t["Zadejte jméno a příjmení (2 až 100 znaků)."]);
        }

        if (!IsValidEmail(email))
        {
            errors.Add("email", t["Zadejte platnou e-mailovou adresu, například jana.novakova@example.cz."]);
        }
    }

    public static void CheckPassword(ValidationErrors errors, string field, string? password, string? email, string? name, IStringLocalizer t)
    {
        switch (PasswordPolicy.Check(password, email, name))
        {
            case PasswordProblem.TooShort:
                errors.Add(field, string.Format(t["Heslo musí mít alespoň {0} znaků. Dobře se pamatuje věta z několika slov."], PasswordPolicy.MinLength));
                break;
            case PasswordProblem.TooLong:
                errors.Add(field, string.Format(t["Heslo může mít nejvýše {0} znaků."], PasswordPolicy.MaxLength));
                break;
            case PasswordProblem.TooCommon:
                errors.Add(field, t["Toto heslo je příliš běžné a snadno se uhodne. Zvolte jiné."]);
                break;
            case PasswordProblem.ContainsPersonalData:
                errors.Add(field, t["Heslo nesmí obsahovat vaše jméno ani e-mailovou adresu."]);
                break;
        }
    }

    public static SendEmail VerificationEmail(UserAccount account, string secret, IStringLocalizer t, Portal.Shared.Towns.TownProfile portal, IdentityOptions options) =>
        new(new EmailMessage(account.Email!, account.DisplayName, t["Potvrďte svou e-mailovou adresu"],
            string.Format(t["Dobrý den,\n\nděkujeme za registraci na portálu {0}. Adresu potvrdíte otevřením tohoto odkazu (platí {1} hodin):\n{2}\n\nPokud jste se neregistrovali, e-mail ignorujte."],
                portal.Name, options.VerificationLinkHours, portal.Link("/Account/Verify?token=" + Uri.EscapeDataString(secret)))));
}
