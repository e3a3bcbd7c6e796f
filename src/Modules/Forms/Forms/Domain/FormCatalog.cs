using System.Reflection;
using System.Text.Json;

namespace Portal.Forms.Domain;

/// <summary>
/// The town's forms, read from the embedded Definitions/*.json at start. Every version stays known (a draft keeps
/// the version it was started with); new drafts use the newest version of a code.
/// </summary>
public sealed class FormCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, FormDefinition> byId;

    public FormCatalog(IEnumerable<FormDefinition> definitions)
    {
        byId = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);
        Latest = byId.Values.GroupBy(d => d.Code).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Agenda).ThenBy(d => d.Title.Cs).ToList();
    }

    public IReadOnlyList<FormDefinition> Latest { get; }

    public IEnumerable<FormDefinition> All => byId.Values;

    public FormDefinition? Find(string code, int version) => byId.GetValueOrDefault(FormDefinition.IdOf(code, version));

    public FormDefinition? Newest(string code) => Latest.FirstOrDefault(d => d.Code == code);

    public static FormCatalog FromEmbeddedDefinitions()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var definitions = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Portal.Forms.Definitions.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return JsonSerializer.Deserialize<FormDefinition>(stream, Json) ?? throw new InvalidOperationException("Empty form definition " + n);
            });
        return new FormCatalog(definitions);
    }
}
