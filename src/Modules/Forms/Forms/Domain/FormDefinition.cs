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

    /// <summary>Instructions or an explanation: shown, never filled in (its text is <see cref="FormField.Text"/>).</summary>
    Static,
}

/// <summary>A Czech check on a text field's value beyond its shape.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldCheck>))]
public enum FieldCheck
{
    None,

    /// <summary>Rodné číslo: date part and the modulo-11 check digit.</summary>
    BirthNumber,

    /// <summary>IČO: eight digits with the weighted modulo-11 check digit.</summary>
    CompanyId,

    /// <summary>PSČ: five digits, "110 00" or "11000".</summary>
    Postcode,

    /// <summary>A Czech bank account "prefix-number/bank" with both modulo-11 checks.</summary>
    BankAccount,

    /// <summary>ID datové schránky: seven characters from the data box alphabet.</summary>
    DataBox,
}

/// <summary>What a field starts with, taken from the signed-in identity (a NIA sign-in gives address and date of birth).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Prefill>))]
public enum Prefill
{
    None,
    Name,
    Email,
    BirthDate,
    Address,
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

    /// <summary>A Czech check on the value (a text field).</summary>
    public FieldCheck Check { get; init; }

    /// <summary>What the field starts with from the signed-in identity; a person field always takes name and e-mail.</summary>
    public Prefill Prefill { get; init; }

    /// <summary>The text of a <see cref="FieldKind.Static"/> field (paragraphs separated by an empty line).</summary>
    public LocalText? Text { get; init; }

    /// <summary>A file field: the file name extensions it takes ("pdf", "jpg"); empty for every type the portal takes.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>A file field: the largest file in MB; null for the portal's limit.</summary>
    public int? MaxSizeMb { get; init; }

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
    [JsonIgnore]
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

    /// <summary>Rules that send a submission to another agenda by a field's value; the first that holds wins.</summary>
    public IReadOnlyList<AgendaRule> AgendaRules { get; init; } = [];

    /// <summary>Set when the form registers a payer for a local fee: what of it the Fees module reads.</summary>
    public FeeRegistrationMap? FeeRegistration { get; init; }

    public string AgendaFor(IReadOnlyDictionary<string, string> values, IEnumerable<string> knownAgendas)
    {
        var known = knownAgendas.ToList();
        var rule = AgendaRules.FirstOrDefault(r => values.TryGetValue(r.Field, out var v) && v.Split(',').Any(r.In.Contains) && known.Contains(r.Agenda));
        if (rule is not null)
        {
            return rule.Agenda;
        }

        return RouteByField is not null && values.TryGetValue(RouteByField, out var chosen) && known.Contains(chosen) ? chosen : Agenda;
    }

    /// <summary>The top-level fields of every step, in order.</summary>
    public IEnumerable<FormField> TopFields => Steps.SelectMany(s => s.Fields);

    public static string IdOf(string code, int version) => $"{code}@{version}";
}

/// <summary>Sends the submission to <see cref="Agenda"/> when <see cref="Field"/> has one of the values in <see cref="In"/>.</summary>
public sealed record AgendaRule(string Field, IReadOnlyList<string> In, string Agenda);

/// <summary>
/// How a fee registration form's fields become a registration in the Fees module: the payer (a person field), the
/// address, from when, the subjects (dogs, persons) from a repeatable group, and the claims. Exemption codes are the
/// Fees module's ("utulek", "dite", "zarizeni", "ztp"); the publish check asks Fees which it knows.
/// </summary>
public sealed record FeeRegistrationMap
{
    public required string Fee { get; init; }
    public required string Payer { get; init; }
    public required string Address { get; init; }

    /// <summary>A date field: from when the duty runs; without it the earliest subject's "from".</summary>
    public string? From { get; init; }

    public SubjectMap? Subjects { get; init; }

    /// <summary>The payer is one of the persons the fee counts (waste fee).</summary>
    public bool PayerIsSubject { get; init; }

    /// <summary>The reduced rate applies when this holds.</summary>
    public Condition? Reduced { get; init; }

    /// <summary>A whole-registration exemption: the field's value to the Fees exemption code.</summary>
    public ValueMap? Exemption { get; init; }

    /// <summary>The fee is for a property (not for persons) when this holds; its address is another address field and a number.</summary>
    public PropertyMap? Property { get; init; }
}

/// <summary>The subjects of a fee from a repeatable group: <see cref="Name"/> is the name field followed by details shown in brackets.</summary>
public sealed record SubjectMap
{
    public required string Group { get; init; }
    public required IReadOnlyList<string> Name { get; init; }
    public string? BirthDate { get; init; }
    public string? From { get; init; }

    /// <summary>A field of the group item (or a top-level field, read for the only subject when there is one).</summary>
    public ValueMap? Exemption { get; init; }
}

/// <summary>Maps a choice or yes/no field's values to codes of another module.</summary>
public sealed record ValueMap(string Field, IReadOnlyDictionary<string, string> Values);

public sealed record PropertyMap(string Field, IReadOnlyList<string> In, string Address, string? Number);
