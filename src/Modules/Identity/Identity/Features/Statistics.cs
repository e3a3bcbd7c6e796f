using System.Globalization;
using Marten;
using Mediator;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;

namespace Portal.Identity.Features;

/// <summary>One month of the town's calendar ("2026-11"): sign-ins by method and new accounts registered.</summary>
public sealed record MonthCount(string Month, long SignIns, long PasswordSignIns, long NiaSignIns, long Registrations = 0)
{
    /// <summary>The month as people name it: "listopad 2026" (Czech), "November 2026" (English).</summary>
    private static readonly string[] CzechShort = ["led", "úno", "bře", "dub", "kvě", "čvn", "čvc", "srp", "zář", "říj", "lis", "pro"];
    private static readonly string[] EnglishShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The month's short name for a chart's axis, each of the twelve distinct (červen "čvn", červenec "čvc").</summary>
    public string ShortName(CultureInfo culture) =>
        (culture.TwoLetterISOLanguageName == "en" ? EnglishShort : CzechShort)[int.Parse(Month[5..7], CultureInfo.InvariantCulture) - 1];

    public string Name(CultureInfo culture) =>
        DateOnly.ParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", culture.TwoLetterISOLanguageName == "en" ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("cs-CZ"));
}

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

public sealed class GetStatisticsSlice(IQuerySession session, Portal.Shared.TownClock town) : IRequestHandler<GetStatistics, TownStatistics>
{
    public async ValueTask<TownStatistics> Handle(GetStatistics request, CancellationToken cancellationToken)
    {
        // Months of the town's calendar (a sign-in at 00:30 on 1 December in Prague counts in December).
        var first = new DateOnly(town.Today.Year, town.Today.Month, 1);
        var months = Enumerable.Range(0, Math.Clamp(request.Months, 1, 36)).Select(i => first.AddMonths(-i)).ToList();

        var batch = session.CreateBatchQuery();
        var perMonth = months.Select(m =>
        {
            var key = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var (from, to) = (town.StartOf(m), town.StartOf(m.AddMonths(1)));
            return (
                Month: key,
                Password: batch.Query<SignInRecord>().Where(s => s.Month == key && s.Method == SignInMethods.Password).Count(),
                Nia: batch.Query<SignInRecord>().Where(s => s.Month == key && s.Method == SignInMethods.Nia).Count(),
                Registered: batch.Query<UserAccount>().Where(a => a.Roles.Contains(PortalRoles.Citizen) && a.CreatedAt >= from && a.CreatedAt < to).Count());
        }).ToList();
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
            rows.Add(new MonthCount(m.Month, p + n, p, n, await m.Registered));
        }

        return new TownStatistics(rows, await citizens, await personal, await nia, await verified);
    }
}
