using System.Reflection;

namespace Portal.Forms.Domain;

/// <summary>
/// Each town's published forms as this instance last read them from the database (the current town's, by
/// <see cref="Portal.Shared.Towns.TownContext"/>; outside any town, the definitions it was made with): every published version stays
/// known (a draft keeps the version it was started with); new drafts use the newest version of a form that is not
/// withdrawn. A published version never changes, so a version once read is never stale; what changes (a new version, a
/// withdrawal) is read again at once on the instance that made it and within half a minute on the others.
/// </summary>
public sealed class FormCatalog
{
    private static readonly Snapshot Empty = new([], []);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Snapshot> towns = new(StringComparer.Ordinal);
    private readonly Snapshot fixedSnapshot;

    public FormCatalog(IEnumerable<FormDefinition> definitions, IEnumerable<string>? withdrawn = null) => fixedSnapshot = new Snapshot(definitions, withdrawn ?? []);

    private Snapshot current => Portal.Shared.Towns.TownContext.CurrentId is { } town ? towns.GetValueOrDefault(town) ?? Empty : fixedSnapshot;

    /// <summary>The newest version of every form a citizen can start now, by agenda and title.</summary>
    public IReadOnlyList<FormDefinition> Latest => current.Latest;

    public IEnumerable<FormDefinition> All => current.ById.Values;

    public FormDefinition? Find(string code, int version) => current.ById.GetValueOrDefault(FormDefinition.IdOf(code, version));

    /// <summary>The newest version of a form a citizen can start (null when withdrawn or unknown).</summary>
    public FormDefinition? Newest(string code) => current.Latest.FirstOrDefault(d => d.Code == code);

    public bool IsWithdrawn(string code) => current.Withdrawn.Contains(code);

    /// <summary>Takes what the database holds now (the instance's view after a publication or a periodic read).</summary>
    public void Replace(IEnumerable<FormDefinition> definitions, IEnumerable<string> withdrawn) =>
        towns[Portal.Shared.Towns.TownContext.RequiredId] = new Snapshot(definitions, withdrawn);

    /// <summary>Forgets a town's forms (the town was removed).</summary>
    public void Forget(string townId) => towns.TryRemove(townId, out _);

    /// <summary>The forms shipped with the portal (Definitions/*.json): the seed of a new town's catalogue.</summary>
    public static IReadOnlyList<FormDefinition> EmbeddedDefinitions()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Portal.Forms.Definitions.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                var (definition, problems) = FormDefinitionJson.Import(reader.ReadToEnd());
                return definition ?? throw new InvalidOperationException($"The shipped form {n} is not valid: {string.Join("; ", problems.Select(p => p.Path + ": " + p.Message.En))}");
            })
            .ToList();
    }

    public static FormCatalog FromEmbeddedDefinitions() => new(EmbeddedDefinitions());

    private sealed class Snapshot
    {
        public Snapshot(IEnumerable<FormDefinition> definitions, IEnumerable<string> withdrawn)
        {
            ById = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);
            Withdrawn = withdrawn.ToHashSet(StringComparer.Ordinal);
            Latest = ById.Values.Where(d => !Withdrawn.Contains(d.Code)).GroupBy(d => d.Code).Select(g => g.MaxBy(d => d.Version)!)
                .OrderBy(d => d.Agenda).ThenBy(d => d.Title.Cs).ToList();
        }

        public Dictionary<string, FormDefinition> ById { get; }
        public HashSet<string> Withdrawn { get; }
        public IReadOnlyList<FormDefinition> Latest { get; }
    }
}
