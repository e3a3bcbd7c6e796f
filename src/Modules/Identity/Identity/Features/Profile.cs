using Marten;
using Mediator;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared.Validation;

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
    IReadOnlyList<SignInEntry> RecentSignIns);

/// <summary>What NIA verified. The PersonIdentifier itself is not shown: it is a pseudonym with no use to the person.</summary>
public sealed record NiaProfile(string GivenName, string FamilyName, DateOnly? DateOfBirth, string? PlaceOfBirth, string? Address, DateTimeOffset VerifiedAt);

public sealed record SignInEntry(DateTimeOffset At, string Method, string? UserAgent);

/// <summary>My data, how I am verified, linked identities and my recent sign-ins.</summary>
public sealed record GetProfile(Guid UserId) : IRequest<ProfileView>;

public sealed class GetProfileSlice(IQuerySession session) : IRequestHandler<GetProfile, ProfileView>
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
            signIns.Select(s => new SignInEntry(s.At, s.Method, s.UserAgent)).ToList());
    }
}
