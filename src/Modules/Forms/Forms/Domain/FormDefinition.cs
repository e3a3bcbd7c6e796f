using System.Globalization;
using System.Text.Json.Serialization;

namespace Portal.Forms.Domain;

/// <summary>A text in Czech with English beside it.</summary>
public sealed record LocalText(string Cs, string? En = null)
{
    public string For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(En) ? En : Cs;

    public override string ToString() => For(CultureInfo.CurrentUICulture);
}

[JsonConverter(typeof(JsonStringEnumConverter<FieldKind>))]
public enum FieldKind
{
    Text,
    LongText,
    Number,
    Money,
    Date,
    Email,
    Phone,
    Choice,
    MultiChoice,
    YesNo,
    Address,
    Person,
    Attachment,
    Group,
}

public sealed record FieldOption(string Value, LocalText Label);

/// <summary>Shows a field or a step only when another (top-level) field has one of the given values.</summary>
public sealed record Condition(string Field, IReadOnlyList<string> In);

public sealed record FormField
{
    public required string Name { get; init; }
    public required FieldKind Kind { get; init; }
    public required LocalText Label { get; init; }
    public LocalText? Hint { get; init; }
    public bool Required { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public string? Pattern { get; init; }
    public LocalText? PatternMessage { get; init; }
    public IReadOnlyList<FieldOption> Options { get; init; } = [];
    public Condition? VisibleWhen { get; init; }

    /// <summary>The fields of one item of a repeatable group.</summary>
    public IReadOnlyList<FormField> Fields { get; init; } = [];
    public int MinItems { get; init; }
    public int MaxItems { get; init; } = 10;
}

public sealed record FormStep(string Id, LocalText Title, IReadOnlyList<FormField> Fields)
{
    public Condition? VisibleWhen { get; init; }
}

/// <summary>
/// A versioned form of the town, held as data: loaded from Definitions/*.json at start and stored as a Marten
/// document. Its id is "code@version"; a draft keeps the version it was started with.
/// </summary>
public sealed record FormDefinition
{
    public string Id => $"{Code}@{Version}";
    public required string Code { get; init; }
    public required int Version { get; init; }
    public required string Agenda { get; init; }
    public required LocalText Title { get; init; }
    public LocalText? Description { get; init; }
    public required IReadOnlyList<FormStep> Steps { get; init; }

    /// <summary>
    /// For a form that serves any agenda (the general submission): the choice field whose value names the agenda the
    /// submission goes to. Without it, or with an unknown value, the form's own agenda.
    /// </summary>
    public string? RouteByField { get; init; }

    public string AgendaFor(IReadOnlyDictionary<string, string> values, IEnumerable<string> knownAgendas) =>
        RouteByField is not null && values.TryGetValue(RouteByField, out var chosen) && knownAgendas.Contains(chosen) ? chosen : Agenda;

    public static string IdOf(string code, int version) => $"{code}@{version}";
}
