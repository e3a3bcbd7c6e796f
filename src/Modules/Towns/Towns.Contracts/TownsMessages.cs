namespace Portal.Towns.Contracts;

/// <summary>
/// A town was opened on this installation (created by the platform operator, or the first town of an installation):
/// published in the town itself, so each module sets up what a new town starts with (fee kinds, the form catalogue, the
/// first administrator) in that town.
/// </summary>
public sealed record TownOpened(string TownId, string? FirstAdministratorEmail, string? FirstAdministratorName, DateTimeOffset At);
