using Marten;
using Portal.Fees.Contracts;

namespace Portal.Fees.Features;

/// <summary>What the operator's page asks of Fees, and the resume it may order.</summary>
public static class FeesOperationsHandler
{
    public static async Task<StuckAssessments> Handle(GetStuckAssessments query, IQuerySession session, CancellationToken ct)
    {
        var before = query.StartedBefore;
        var runs = await session.Query<AssessmentRun>().Where(r => r.Status == AssessmentStatus.Running && r.StartedAt < before).OrderBy(r => r.StartedAt).Take(100).ToListAsync(ct);
        return new StuckAssessments(runs.Select(r => new StuckAssessment(r.FeeCode, r.Year, r.Processed, r.Total, r.StartedAt)).ToList());
    }

    /// <summary>Every town's assessments that look stuck, counted in one query (no town entered).</summary>
    public static async Task<StuckAssessmentsCount> Handle(CountStuckAssessments query, IDocumentStore store, CancellationToken ct)
    {
        var before = query.StartedBefore;
        await using var session = store.QuerySession();
        return new StuckAssessmentsCount(await session.Query<AssessmentRun>().Where(r => r.AnyTenant() && r.Status == AssessmentStatus.Running && r.StartedAt < before).CountAsync(ct));
    }

    /// <summary>The run's own message again, on its durable queue: it reads the checkpoint and goes on.</summary>
    public static AssessYear Handle(ResumeAssessment command) => new(command.FeeCode, command.Year);
}
