using System.Globalization;
using Marten;
using Mediator;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Features;

public sealed record MonthCount(string Month, long SignIns, long PasswordSignIns, long NiaSignIns);

public sealed record TownStatistics(
    IReadOnlyList<MonthCount> SignInsPerMonth,
    long Citizens,
    long PersonalAccounts,
    long NiaAccounts,
    long VerifiedCitizens)
{
    /// <summary>Share of citizens verified through NIA (0..1).</summary>
    public double VerifiedShare => Citizens == 0 ? 0 : (double)VerifiedCitizens / Citizens;
}

/// <summary>The town's figures: sign-ins per month over the last <paramref name="Months"/> months, users by kind, verified share.</summary>
public sealed record GetStatistics(int Months = 12) : IRequest<TownStatistics>;

public sealed class GetStatisticsSlice(IQuerySession session, TimeProvider clock) : IRequestHandler<GetStatistics, TownStatistics>
{
    public async ValueTask<TownStatistics> Handle(GetStatistics request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var months = Enumerable.Range(0, Math.Clamp(request.Months, 1, 36))
            .Select(i => now.AddMonths(-i).ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .ToList();

        var batch = session.CreateBatchQuery();
        var perMonth = months.Select(m => (
            Month: m,
            Password: batch.Query<SignInRecord>().Where(s => s.Month == m && s.Method == SignInMethods.Password).Count(),
            Nia: batch.Query<SignInRecord>().Where(s => s.Month == m && s.Method == SignInMethods.Nia).Count())).ToList();
        var citizens = batch.Query<UserAccount>().Where(a => a.Roles.Contains(PortalRoles.Citizen)).Count();
        var personal = batch.Query<UserAccount>().Where(a => a.Roles.Contains(PortalRoles.Citizen) && a.Kind == AccountKind.Personal).Count();
        var nia = batch.Query<UserAccount>().Where(a => a.Roles.Contains(PortalRoles.Citizen) && a.Kind == AccountKind.Nia).Count();
        var verified = batch.Query<UserAccount>().Where(a => a.Roles.Contains(PortalRoles.Citizen) && a.Nia != null).Count();
        await batch.Execute(cancellationToken);

        var rows = new List<MonthCount>();
        foreach (var m in perMonth)
        {
            var p = await m.Password;
            var n = await m.Nia;
            rows.Add(new MonthCount(m.Month, p + n, p, n));
        }

        return new TownStatistics(rows, await citizens, await personal, await nia, await verified);
    }
}
