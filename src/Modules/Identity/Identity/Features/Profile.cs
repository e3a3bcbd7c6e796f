using Marten;
using Mediator;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared.Validation;
using Microsoft.Extensions.Options;

namespace Portal.Identity.Features;

public sealed record ProfileView(
    Guid Id,
    string Name,
    string? Email,
    bool EmailConfirmed,
    AccountKind Kind,
    LevelOfAssurance Level,
    bool HasPassword,
    NiaProfile? Nia,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Agendas,
    DateTimeOffset CreatedAt,
    IReadOnlyList<SignInEntry> RecentSignIns,
    IReadOnlyList<ActiveSession> Sessions,
    bool CanUnlinkNia);

/// <summary>A browser signed in to the account now; <see cref="Current"/> is the one asking.</summary>
public sealed record ActiveSession(DateTimeOffset SignedInAt, DateTimeOffset LastSeenAt, string Method, LevelOfAssurance Level, string? UserAgent, bool Current);

/// <summary>What NIA verified. The PersonIdentifier itself is not shown: it is a pseudonym with no use to the person.</summary>
public sealed record NiaProfile(string GivenName, string FamilyName, DateOnly? DateOfBirth, string? PlaceOfBirth, string? Address, DateTimeOffset VerifiedAt);

public sealed record SignInEntry(DateTimeOffset At, string Method, string? UserAgent);

/// <summary>My data, how I am verified, linked identities and my recent sign-ins.</summary>
public sealed record GetProfile(Guid UserId, string? CurrentSessionSecret = null) : IRequest<ProfileView>;

public sealed class GetProfileSlice(IQuerySession session, IOptions<IdentityOptions> options, TimeProvider clock) : IRequestHandler<GetProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(GetProfile request, CancellationToken cancellationToken)
    {
        var a = await session.LoadAsync<UserAccount>(request.UserId, cancellationToken)
            ?? throw new NotFoundException("No such account.");
        var signIns = await session.Query<SignInRecord>()
            .Where(s => s.UserId == a.Id)
            .OrderByDescending(s => s.At)
            .Take(10)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var limits = SessionLimits.For(a, options.Value.Sessions);
        var current = request.CurrentSessionSecret is null ? null : UserSession.Hash(request.CurrentSessionSecret);
        var open = await session.Query<UserSession>()
            .Where(s => s.UserId == a.Id && s.EndedAt == null)
            .OrderByDescending(s => s.CreatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        return new ProfileView(
            a.Id,
            a.DisplayName,
            a.Email,
            a.EmailConfirmed,
            a.Kind,
            a.Level,
            a.PasswordHash is { Length: > 0 },
            a.Nia is { } n ? new NiaProfile(n.GivenName, n.FamilyName, n.DateOfBirth, n.PlaceOfBirth, n.Address, n.VerifiedAt) : null,
            a.Roles,
            a.Agendas,
            a.CreatedAt,
            signIns.Select(s => new SignInEntry(s.At, s.Method, s.UserAgent)).ToList(),
            open.Where(s => s.IsActive(now, limits))
                .Select(s => new ActiveSession(s.CreatedAt, s.LastSeenAt, s.Method, s.Level, s.UserAgent, s.Id == current))
                .ToList(),
            a.CanUnlinkNia);
    }
}

/// <summary>"Odhlásit ostatní zařízení": every other session of the account ends now.</summary>
public sealed record SignOutOtherSessions(Guid UserId, string CurrentSessionSecret) : IRequest;

public sealed class SignOutOtherSessionsSlice(IDocumentSession session, TimeProvider clock) : IRequestHandler<SignOutOtherSessions>
{
    public async ValueTask<Unit> Handle(SignOutOtherSessions request, CancellationToken cancellationToken)
    {
        await Infrastructure.Sessions.EndAllAsync(session, request.UserId, SessionEnd.SignedOutElsewhere, clock.GetUtcNow(), request.CurrentSessionSecret, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
