using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Forms.Domain;

/// <summary>
/// A form definition as JSON (the schema in docs/form-definition.md): what the designer exports and imports, and how
/// the shipped forms are written. Reading is strict: an unknown property, a wrong type, a document over 256 kB or
/// nested deeper than 16 levels is refused with where and why, and then the rules of <see cref="FormDefinitionRules"/>.
/// </summary>
public static class FormDefinitionJson
{
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Read = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 16,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonSerializerOptions Write = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { OnlyWhatMatters } },
    };

    /// <summary>Writes a field's kind always (Text is the enum's first value) and the item limits only for a group.</summary>
    private static void OnlyWhatMatters(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (info.Type != typeof(FormField))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            property.ShouldSerialize = property.Name switch
            {
                "kind" => static (_, _) => true,
                "maxItems" or "minItems" => static (field, value) => ((FormField)field).Kind == FieldKind.Group,
                _ => property.ShouldSerialize,
            };
        }
    }

    public static string Export(FormDefinition form) => JsonSerializer.Serialize(Normalize(form), Write);

    /// <summary>The definition, or null and what is wrong with the text.</summary>
    public static (FormDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Import(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, [new DefinitionProblem(string.Empty, new LocalText("Vložte definici formuláře (JSON).", "Paste a form definition (JSON)."))]);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            return (null, [new DefinitionProblem(string.Empty, new LocalText($"Definice je větší než {MaxBytes / 1024} kB.", $"The definition is larger than {MaxBytes / 1024} kB."))]);
        }

        FormDefinition? form;
        try
        {
            form = JsonSerializer.Deserialize<FormDefinition>(json, Read);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? path.TrimStart('$', '.') : string.Empty;
            var line = e.LineNumber is { } l ? $" (řádek {l + 1})" : string.Empty;
            var lineEn = e.LineNumber is { } l2 ? $" (line {l2 + 1})" : string.Empty;
            return (null, [new DefinitionProblem(where, new LocalText($"Text není platná definice formuláře{line}: {Reason(e)}", $"The text is not a valid form definition{lineEn}: {Reason(e)}"))]);
        }

        if (form is null)
        {
            return (null, [new DefinitionProblem(string.Empty, new LocalText("Definice je prázdná.", "The definition is empty."))]);
        }

        form = Normalize(form);
        var problems = FormDefinitionRules.Check(form);
        return problems.Count == 0 ? (form, problems) : (null, problems);
    }

    /// <summary>
    /// The same definition with lists never null and texts trimmed, so an exported and re-imported form is equal to
    /// itself (and a JSON "null" for a list reads as empty).
    /// </summary>
    public static FormDefinition Normalize(FormDefinition form) => form with
    {
        Steps = (form.Steps ?? []).Select(s => s is null ? null! : s with { Fields = (s.Fields ?? []).Select(NormalizeField).ToList() }).ToList(),
        AgendaRules = form.AgendaRules ?? [],
    };

    private static FormField NormalizeField(FormField field) => field is null ? null! : field with
    {
        Options = field.Options ?? [],
        Accept = (field.Accept ?? []).Select(a => a?.Trim().TrimStart('.').ToLowerInvariant() ?? string.Empty).ToList(),
        Fields = (field.Fields ?? []).Select(NormalizeField).ToList(),
    };

    /// <summary>The parser's reason without .NET type names.</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Replace("Portal.Forms.Domain.", string.Empty, StringComparison.Ordinal);
    }
}
