using System.Globalization;
using Portal.Forms.Contracts;

namespace Portal.Forms.Domain;

/// <summary>
/// A form's values as a person reads them: the visible steps in order, each field under its label, repeated groups
/// numbered ("Pes 1 – Číslo čipu"), choices by their text, yes/no as words, dates as <c>15. 2. 1980</c>, files by
/// name. The summary before sending, the citizen's submission and the clerk's case all show this.
/// </summary>
public static class FormContent
{
    public static IReadOnlyList<DescribedSection> Describe(FormDefinition form, IReadOnlyDictionary<string, string> values, IReadOnlyList<SubmittedAttachment> attachments, CultureInfo culture)
    {
        var sections = new List<DescribedSection>();
        foreach (var step in form.Steps.Where(s => FormValidator.IsVisible(form, s.VisibleWhen, values)))
        {
            var items = new List<DescribedValue>();
            foreach (var field in step.Fields.Where(f => f.Kind != FieldKind.Static && FormValidator.IsVisible(form, f.VisibleWhen, values)))
            {
                items.AddRange(Field(form, field, field.Name, field.Label.For(culture), values, attachments, culture));
            }

            sections.Add(new DescribedSection(step.Title.For(culture), items));
        }

        return sections;
    }

    private static readonly Dictionary<string, LocalText> Parts = new(StringComparer.Ordinal)
    {
        ["street"] = new("Ulice a číslo", "Street and number"),
        ["city"] = new("Obec", "Town"),
        ["zip"] = new("PSČ", "Postcode"),
        ["name"] = new("Jméno a příjmení", "Name"),
        ["birthDate"] = new("Datum narození", "Date of birth"),
        ["email"] = new("E-mail", "E-mail"),
    };

    /// <summary>
    /// The exact part a value path names, for an error message: "Adresa trvalého pobytu – PSČ", "Pes 2 – číslo čipu".
    /// An unknown path reads as itself.
    /// </summary>
    public static string LabelOf(FormDefinition form, string path, CultureInfo culture)
    {
        var fields = form.Steps.SelectMany(s => s.Fields).ToList();
        var label = new List<string>();
        FormField? field = null;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var match = fields.FirstOrDefault(f => f.Name == name);
            if (match is not null)
            {
                field = match;
                var text = match.Label.For(culture);
                label.Add(label.Count == 0 ? text : Lower(text));
                if (bracket >= 0 && int.TryParse(segment[(bracket + 1)..].TrimEnd(']'), CultureInfo.InvariantCulture, out var index))
                {
                    label[^1] += " " + (index + 1).ToString(CultureInfo.InvariantCulture);
                }

                fields = [.. match.Fields];
            }
            else if (field is { Kind: FieldKind.Address or FieldKind.Person } && Parts.TryGetValue(name, out var part))
            {
                label.Add(Lower(part.For(culture)));
            }
            else
            {
                return path;
            }
        }

        return string.Join(" – ", label);
    }

    /// <summary>A part's label after a dash starts in lower case, unless it is an abbreviation ("PSČ").</summary>
    private static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLower(text[0], CultureInfo.InvariantCulture) + text[1..] : text;

    /// <summary>
    /// A date as typed by a person ("15. 2. 1980", "15.2.1980") or sent by a program (ISO "1980-02-15"), stored as ISO;
    /// what does not read as a date is kept as typed (so the field shows it again with its error), never lost.
    /// </summary>
    public static string NormalizeDate(string value)
    {
        var compact = value.Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        return DateOnly.TryParseExact(compact, ["d.M.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.Trim();
    }

    /// <summary>The values with every date field (and a person's date of birth) normalised by <see cref="NormalizeDate"/>.</summary>
    public static Dictionary<string, string> NormalizeDates(FormStep step, IReadOnlyDictionary<string, string> values)
    {
        var dates = step.Fields.Concat(step.Fields.SelectMany(f => f.Fields)).Where(f => f.Kind is FieldKind.Date or FieldKind.Person).ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var name = key.Contains(']', StringComparison.Ordinal) ? key[(key.LastIndexOf('.') + 1)..] : key;
            var isDate = dates.Any(f => (f.Kind == FieldKind.Date && f.Name == name) || (f.Kind == FieldKind.Person && key.EndsWith(".birthDate", StringComparison.Ordinal)));
            result[key] = isDate && !string.IsNullOrWhiteSpace(value) ? NormalizeDate(value) : value;
        }

        return result;
    }

    /// <summary>A stored date (ISO) the way people write it: <c>15. 2. 1980</c> (Czech) or <c>15 Feb 1980</c>.</summary>
    public static string Date(string? iso, CultureInfo culture) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? Portal.Shared.TownClock.FormatDate(d, culture)
            : iso ?? string.Empty;

    private static IEnumerable<DescribedValue> Field(FormDefinition form, FormField field, string path, string label, IReadOnlyDictionary<string, string> values, IReadOnlyList<SubmittedAttachment> attachments, CultureInfo culture)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        string? Get(string p) => values.TryGetValue(p, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        const string None = "–";
        switch (field.Kind)
        {
            case FieldKind.Group:
                for (var i = 0; i < FormValidator.ItemCount(field, path, values); i++)
                {
                    foreach (var sub in field.Fields.Where(f => f.Kind != FieldKind.Static && FormValidator.IsVisibleInItem(form, field, f.VisibleWhen, $"{path}[{i}]", values)))
                    {
                        foreach (var line in Field(form, sub, $"{path}[{i}].{sub.Name}", $"{label} {i + 1} – {Lower(sub.Label.For(culture))}", values, attachments, culture))
                        {
                            yield return line;
                        }
                    }
                }

                break;
            case FieldKind.Address:
                var street = Get(path + ".street");
                var town = string.Join(' ', new[] { Get(path + ".zip"), Get(path + ".city") }.Where(x => x is not null));
                var address = string.Join(", ", new[] { street, town }.Where(x => !string.IsNullOrEmpty(x)));
                yield return new DescribedValue(label, address.Length == 0 ? None : address);
                break;
            case FieldKind.Person:
                var birth = Get(path + ".birthDate");
                var parts = new[] { Get(path + ".name"), birth is null ? null : (english ? "born " : "nar. ") + Date(birth, culture), Get(path + ".email") }.Where(x => x is not null).ToList();
                yield return new DescribedValue(label, parts.Count == 0 ? None : string.Join(", ", parts));
                break;
            case FieldKind.Attachment:
                var files = attachments.Where(a => a.FieldName == path).ToList();
                yield return new DescribedValue(label, files.Count == 0 ? None : string.Join(", ", files.Select(f => f.FileName)), files);
                break;
            case FieldKind.Choice or FieldKind.MultiChoice:
                var chosen = (Get(path) ?? string.Empty).Split(',');
                var names = field.Options.Where(o => chosen.Contains(o.Value)).Select(o => o.Label.For(culture)).ToList();
                yield return new DescribedValue(label, names.Count == 0 ? None : string.Join("; ", names));
                break;
            case FieldKind.YesNo:
                yield return new DescribedValue(label, Get(path) switch { "yes" => english ? "Yes" : "Ano", "no" => english ? "No" : "Ne", _ => None });
                break;
            case FieldKind.Date:
                yield return new DescribedValue(label, Get(path) is { } date ? Date(date, culture) : None);
                break;
            case FieldKind.Money:
                yield return new DescribedValue(label, Get(path) is { } money && Portal.Shared.Validation.CzechNumber.TryParseAmount(money, out var amount)
                    ? Portal.Shared.Text.Czk.Format(amount)
                    : Get(path) ?? None);
                break;
            default:
                yield return new DescribedValue(label, Get(path) ?? None);
                break;
        }
    }
}
