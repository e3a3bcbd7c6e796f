using System.Globalization;
using Marten;
using Microsoft.Extensions.Localization;
using Portal.Filing.Contracts;
using Portal.Filing.Domain;
using Portal.Identity.Contracts;

namespace Portal.Filing.Features;

/// <summary>
/// What the home pages ask of the filing office over the bus: a citizen's submissions with their state in words, and a
/// clerk's workload per agenda (the inbox counts).
/// </summary>
public static class HomeQueriesHandler
{
    public static async Task<CitizenSubmissions> Handle(GetCitizenSubmissions query, ISessionFactory sessions, IStringLocalizer<FilingText> t, Portal.Shared.TownClock town, CancellationToken ct)
    {
        await using var session = sessions.QuerySession(); // the request connections (docs/architecture.md §15)
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(query.Language == "en" ? "en" : "cs");
        var now = town.Now;
        var recent = now.AddDays(-30);
        var list = await session.Query<Submission>()
            .Where(s => s.CitizenId == query.CitizenId && (s.Status != SubmissionStatus.Closed || s.LastChangeAt > recent))
            .OrderByDescending(s => s.LastChangeAt).Take(200).ToListAsync(ct);
        var items = list
            .OrderByDescending(s => s.Status == SubmissionStatus.WaitingForCitizen).ThenByDescending(s => s.LastChangeAt)
            .Take(Math.Clamp(query.Take, 1, 50))
            .Select(s => new CitizenSubmission(s.Id, s.ReferenceNumber, s.FormTitle, SubmissionState.Text(s, t), s.IsOpen, s.Requested, s.AnswerBy,
                s.IsOpen ? s.DeadlineOn(town.Zone, now) : null, s.LastChangeAt, LastEvent(s, t)))
            .ToList();
        return new CitizenSubmissions(items, list.Count(s => s.IsOpen), list.Count(s => s.Status == SubmissionStatus.WaitingForCitizen));
    }

    public static async Task<ClerkWorkload> Handle(GetClerkWorkload query, ISessionFactory sessions, TimeProvider clock, Portal.Shared.TownClock town, CancellationToken ct)
    {
        await using var session = sessions.QuerySession(); // the request connections (docs/architecture.md §15)
        var agendas = query.Agendas.Where(Agendas.All.Contains).ToArray();
        var open = await session.Query<Submission>()
            .Where(s => s.Agenda.IsOneOf(agendas) && s.Status != SubmissionStatus.Decided && s.Status != SubmissionStatus.Closed)
            .Take(20_000).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new ClerkWorkload(agendas.Select(a =>
        {
            var mine = open.Where(s => s.Agenda == a).ToList();
            return new AgendaWorkload(a,
                mine.Count(s => s.Status == SubmissionStatus.New),
                mine.Count(s => s.ClerkId == query.ClerkId),
                mine.Count(s => s.Status == SubmissionStatus.WaitingForCitizen),
                mine.Count(s => s.IsOverdue(now, town.Zone)),
                mine.Count);
        }).ToList());
    }

    private static string LastEvent(Submission s, IStringLocalizer t) => s.Status switch
    {
        SubmissionStatus.New => t["event:registered"],
        SubmissionStatus.Assigned => t["event:claimed"],
        SubmissionStatus.InProgress => t["event:started"],
        SubmissionStatus.WaitingForCitizen => t["event:completion-requested"],
        SubmissionStatus.Decided or SubmissionStatus.Closed => SubmissionState.Text(s, t),
        _ => t["event:other"],
    };
}
