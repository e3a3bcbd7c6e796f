namespace Portal.Towns.Contracts;

/// <summary>
/// A town was opened on this installation (created by the platform operator, or the first town of an installation):
/// published in the town itself, so each module sets up what a new town starts with (fee kinds, the form catalogue, the
/// first administrator) in that town.
/// </summary>
public sealed record TownOpened(string TownId, string? FirstAdministratorEmail, string? FirstAdministratorName, DateTimeOffset At);

/// <summary>
/// The platform operator runs one of a town's jobs now (in the town): <c>reminders</c> (Fees), <c>card-recheck</c>
/// (Payments), <c>draft-sweep</c> (Forms). The module whose job it is does it.
/// </summary>
public sealed record TownJobRequested(string Job, DateTimeOffset At);

public static class TownJobs
{
    public const string Reminders = "reminders";
    public const string CardRecheck = "card-recheck";
    public const string DraftSweep = "draft-sweep";

    public static readonly IReadOnlyList<string> All = [Reminders, CardRecheck, DraftSweep];
}
