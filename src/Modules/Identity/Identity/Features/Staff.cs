using Portal.Shared.Towns;
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

/// <summary><paramref name="Invited"/>: the person has not set a password yet (the invitation may be sent again).</summary>
public sealed record StaffMember(Guid Id, string Name, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Agendas, DateTimeOffset? LastSignInAt, bool Active = true, bool Invited = false);

/// <summary>Clerks and administrators, for the administrator's staff page.</summary>
public sealed record ListStaff : IRequest<IReadOnlyList<StaffMember>>;

public sealed class ListStaffSlice(IQuerySession session) : IRequestHandler<ListStaff, IReadOnlyList<StaffMember>>
{
    public async ValueTask<IReadOnlyList<StaffMember>> Handle(ListStaff request, CancellationToken cancellationToken)
    {
        var staff = await session.Query<UserAccount>()
            .Where(a => a.Roles.Contains(PortalRoles.Clerk) || a.Roles.Contains(PortalRoles.Administrator) || a.Roles.Contains(PortalRoles.FormManager))
            .OrderBy(a => a.DisplayName)
            .ToListAsync(cancellationToken);
        return staff.Select(a => new StaffMember(a.Id, a.DisplayName, a.Email, a.Roles, a.Agendas, a.LastSignInAt, !a.IsDeactivated, string.IsNullOrEmpty(a.PasswordHash) && a.Nia is null)).ToList();
    }
}

/// <summary>
/// The administrator sends a clerk who has not set a password yet a new invitation (the first e-mail got lost or its
/// link expired): a fresh link valid 7 days.
/// </summary>
public sealed record ResendInvitation(Guid UserId) : IRequest;

public sealed class ResendInvitationSlice(IDocumentSession session, IMartenOutbox outbox, IStringLocalizer<IdentityText> t, Portal.Shared.Towns.ITowns towns, TimeProvider clock)
    : IRequestHandler<ResendInvitation>
{
    public async ValueTask<Unit> Handle(ResendInvitation request, CancellationToken cancellationToken)
    {
        var clerk = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken);
        if (clerk is null || !clerk.IsStaff || clerk.Email is null)
        {
            throw new NotFoundException("No such clerk.");
        }

        if (!string.IsNullOrEmpty(clerk.PasswordHash) || clerk.IsDeactivated)
        {
            throw new ValidationFailedException(string.Empty, t["Pozvánku lze poslat znovu jen aktivnímu úředníkovi, který si ještě nenastavil heslo."]);
        }

        var (token, secret) = UserToken.Issue(clerk.Id, TokenPurpose.ResetPassword, clock.GetUtcNow(), TimeSpan.FromDays(7));
        outbox.Enroll(session);
        session.Insert(token);
        await outbox.PublishAsync(new SendEmail(new EmailMessage(clerk.Email, clerk.DisplayName, t["Váš účet úředníka na portálu"],
            string.Format(t["Dobrý den,\n\nsprávce vám na portálu {0} založil účet úředníka. Heslo si nastavíte zde (odkaz platí 7 dní):\n{1}"],
                towns.Current.Name, towns.Current.Link("/Account/ResetPassword?token=" + Uri.EscapeDataString(secret))))));
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// An administrator creates a clerk account with its agendas (and, or only, the form manager's role). The clerk gets an
/// e-mail with a link to set their own password; nobody else ever knows it.
/// </summary>
public sealed record CreateClerk(string? Name, string? Email, IReadOnlyList<string> Agendas, bool FormManager = false) : IRequest<Guid>;

public sealed class CreateClerkSlice(
    IDocumentSession session,
    IMartenOutbox outbox,
    IStringLocalizer<IdentityText> t,
    Portal.Shared.Towns.ITowns towns,
    TimeProvider clock) : IRequestHandler<CreateClerk, Guid>
{
    public async ValueTask<Guid> Handle(CreateClerk request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? string.Empty;
        var email = request.Email?.Trim() ?? string.Empty;
        AccountRules.CheckNameAndEmail(errors, name, email, t);
        if ((request.Agendas.Count == 0 && !request.FormManager) || !request.Agendas.All(Agendas.IsKnown))
        {
            errors.Add("agendas", t["Vyberte alespoň jednu agendu (nebo roli správce formulářů)."]);
        }

        errors.ThrowIfAny();
        var normalized = EmailIndex.Normalize(email);
        if (await session.LoadAsync<EmailIndex>(normalized, cancellationToken) is not null)
        {
            throw new ValidationFailedException("email", t["Účet s touto e-mailovou adresou už existuje."]);
        }

        var now = clock.GetUtcNow();
        var clerk = UserAccount.CreatePersonal(name, email, string.Empty, now, request.Agendas.Count > 0 ? PortalRoles.Clerk : PortalRoles.FormManager);
        clerk.PasswordHash = null;
        clerk.EmailConfirmed = true;
        if (request.Agendas.Count > 0)
        {
            clerk.SetAgendas(request.Agendas);
        }

        if (request.FormManager && !clerk.Roles.Contains(PortalRoles.FormManager))
        {
            clerk.Roles.Add(PortalRoles.FormManager);
        }

        var (token, secret) = UserToken.Issue(clerk.Id, TokenPurpose.ResetPassword, now, TimeSpan.FromDays(7));
        outbox.Enroll(session);
        session.Insert(clerk);
        session.Insert(new EmailIndex { Id = normalized, UserId = clerk.Id });
        session.Insert(token);
        await outbox.PublishAsync(new SendEmail(new EmailMessage(email, name, t["Váš účet úředníka na portálu"],
            string.Format(t["Dobrý den,\n\nsprávce vám na portálu {0} založil účet úředníka. Heslo si nastavíte zde (odkaz platí 7 dní):\n{1}"],
                towns.Current.Name, towns.Current.Link("/Account/ResetPassword?token=" + Uri.EscapeDataString(secret))))));
        await session.SaveChangesAsync(cancellationToken);
        return clerk.Id;
    }
}

/// <summary>An administrator changes which agendas a clerk works.</summary>
public sealed record SetClerkAgendas(Guid UserId, IReadOnlyList<string> Agendas) : IRequest;

public sealed class SetClerkAgendasSlice(IDocumentSession session, IStringLocalizer<IdentityText> t) : IRequestHandler<SetClerkAgendas>
{
    public async ValueTask<Unit> Handle(SetClerkAgendas request, CancellationToken cancellationToken)
    {
        if (!request.Agendas.All(Agendas.IsKnown))
        {
            throw new ValidationFailedException("agendas", t["Vyberte alespoň jednu agendu."]);
        }

        var account = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken)
            ?? throw new NotFoundException("No such account.");
        if (!account.Roles.Contains(PortalRoles.Clerk))
        {
            throw new ValidationFailedException("agendas", t["Agendy lze přidělit jen úředníkovi."]);
        }

        account.SetAgendas(request.Agendas);
        session.Store(account);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// An administrator switches a clerk off (every session ends at once, no sign-in until reactivated) or back on.
/// Nobody deactivates themselves, so a portal never loses its last administrator that way.
/// </summary>
public sealed record SetStaffActive(Guid UserId, bool Active, Guid ByUserId) : IRequest;

public sealed class SetStaffActiveSlice(IDocumentSession session, IStringLocalizer<IdentityText> t, TimeProvider clock) : IRequestHandler<SetStaffActive>
{
    public async ValueTask<Unit> Handle(SetStaffActive request, CancellationToken cancellationToken)
    {
        if (request.UserId == request.ByUserId)
        {
            throw new ValidationFailedException("userId", t["Svůj vlastní účet deaktivovat nemůžete."]);
        }

        var account = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken)
            ?? throw new NotFoundException("No such account.");
        if (!account.IsStaff)
        {
            throw new ValidationFailedException("userId", t["Deaktivovat lze jen účet úředníka."]);
        }

        var now = clock.GetUtcNow();
        if (request.Active)
        {
            account.DeactivatedAt = null;
        }
        else if (!account.IsDeactivated)
        {
            account.DeactivatedAt = now;
            await Infrastructure.Sessions.EndAllAsync(session, account.Id, SessionEnd.Deactivated, now, null, cancellationToken);
        }

        session.Store(account);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// An administrator grants a staff account the form manager's role (správce formulářů: builds and publishes the town's
/// forms) or takes it away. An account left with no staff role would become a citizen's: that is refused (deactivate it).
/// </summary>
public sealed record SetFormManager(Guid UserId, bool Grant) : IRequest;

public sealed class SetFormManagerSlice(IDocumentSession session, IStringLocalizer<IdentityText> t) : IRequestHandler<SetFormManager>
{
    public async ValueTask<Unit> Handle(SetFormManager request, CancellationToken cancellationToken)
    {
        var account = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken) ?? throw new NotFoundException("No such account.");
        if (!account.IsStaff)
        {
            throw new ValidationFailedException("userId", t["Roli správce formulářů lze udělit jen účtu úředníka."]);
        }

        if (request.Grant && !account.Roles.Contains(PortalRoles.FormManager))
        {
            account.Roles.Add(PortalRoles.FormManager);
        }
        else if (!request.Grant && account.Roles.Contains(PortalRoles.FormManager))
        {
            if (!account.Roles.Any(r => r is PortalRoles.Clerk or PortalRoles.Administrator))
            {
                throw new ValidationFailedException("userId", t["Účet by neměl žádnou roli úředníka; místo odebrání ho deaktivujte."]);
            }

            account.Roles.Remove(PortalRoles.FormManager);
        }

        session.Store(account);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// Creates a town's first administrator from configuration when the town has none (its first start): the town's entry
/// under <c>Towns:Initial</c>, or <c>Identity:InitialAdmin</c> for a single-town configuration.
/// </summary>
public sealed class InitialAdministrator(IDocumentStore store, IPasswordHasher<UserAccount> hasher, Microsoft.Extensions.Configuration.IConfiguration configuration, TimeProvider clock)
{
    public Task EnsureAsync(string townId, CancellationToken cancellationToken) =>
        EnsureAsync(townId, InitialTowns.Administrator(configuration, townId), PortalRoles.Administrator, cancellationToken);

    /// <summary>The platform's first operator (<c>Platform:Operator:Email/Password/Name</c>) in the platform's console.</summary>
    public Task EnsureOperatorAsync(CancellationToken cancellationToken) =>
        EnsureAsync(TownContext.PlatformId, (configuration["Platform:Operator:Email"], configuration["Platform:Operator:Password"], configuration["Platform:Operator:Name"] ?? "Provozovatel portálu"), PortalRoles.PlatformOperator, cancellationToken);

    private async Task EnsureAsync(string townId, (string? Email, string? Password, string? Name) first, string role, CancellationToken cancellationToken)
    {
        var (email, password, name) = first;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var o = new InitialAdministratorOptions { Email = email, Password = password, Name = string.IsNullOrWhiteSpace(name) ? new InitialAdministratorOptions().Name : name };
        await using var session = store.LightweightSession(townId);
        if (await session.Query<UserAccount>().AnyAsync(a => a.Roles.Contains(role), cancellationToken))
        {
            return;
        }

        if (PasswordPolicy.Check(o.Password, o.Email, o.Name) != PasswordProblem.None)
        {
            throw new InvalidOperationException($"The first administrator's password of town '{townId}' does not meet the password rule (12+ characters, not common).");
        }

        var normalized = EmailIndex.Normalize(o.Email);
        if (await session.LoadAsync<EmailIndex>(normalized, cancellationToken) is { } existing)
        {
            var account = await session.LoadAsync<UserAccount>(existing.UserId, cancellationToken);
            account!.Roles.Add(role);
            session.Store(account);
        }
        else
        {
            var admin = UserAccount.CreatePersonal(o.Name, o.Email.Trim(), string.Empty, clock.GetUtcNow(), role);
            admin.PasswordHash = hasher.HashPassword(admin, o.Password);
            admin.EmailConfirmed = true;
            session.Insert(admin);
            session.Insert(new EmailIndex { Id = normalized, UserId = admin.Id });
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
