using Microsoft.Extensions.Configuration;

namespace Portal.Shared.Towns;

/// <summary>
/// What configuration says about a town at its first start: the section <c>Towns:Initial:N</c> whose <c>Id</c> is the
/// town's, or, for a single-town configuration (no such list), the root, where the previous release's keys are
/// (<c>Identity:InitialAdmin</c>, ...).
/// </summary>
public static class InitialTowns
{
    public const string Section = "Towns:Initial";

    /// <summary>The first administrator configured for the town (email, password, name), when there is one.</summary>
    public static (string? Email, string? Password, string? Name) Administrator(IConfiguration configuration, string townId)
    {
        var towns = configuration.GetSection(Section).GetChildren().ToList();
        if (towns.Count == 0)
        {
            return (configuration["Identity:InitialAdmin:Email"], configuration["Identity:InitialAdmin:Password"], configuration["Identity:InitialAdmin:Name"]);
        }

        var town = towns.FirstOrDefault(t => string.Equals(t["Id"], townId, StringComparison.Ordinal));
        return town is null ? (null, null, null) : (town["AdministratorEmail"], town["AdministratorPassword"], town["AdministratorName"]);
    }
}
