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
        foreach (var step in form.Steps.Where(s => FormValidator.IsVisible(s.VisibleWhen, values)))
        {
            var items = new List<DescribedValue>();
            foreach (var field in step.Fields.Where(f => FormValidator.IsVisible(f.VisibleWhen, values)))
            {
                items.AddRange(Field(field, field.Name, field.Label.For(culture), values, attachments, culture));
            }

            sections.Add(new DescribedSection(step.Title.For(culture), items));
        }

        return sections;
    }

    /// <summary>A stored date (ISO) the way people write it: <c>15. 2. 1980</c> (Czech) or <c>15 Feb 1980</c>.</summary>
    public static string Date(string? iso, CultureInfo culture) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString(culture.TwoLetterISOLanguageName == "en" ? "d MMM yyyy" : "d. M. yyyy", CultureInfo.InvariantCulture)
            : iso ?? string.Empty;

    private static IEnumerable<DescribedValue> Field(FormField field, string path, string label, IReadOnlyDictionary<string, string> values, IReadOnlyList<SubmittedAttachment> attachments, CultureInfo culture)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        string? Get(string p) => values.TryGetValue(p, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        const string None = "–";
        switch (field.Kind)
        {
            case FieldKind.Group:
                for (var i = 0; i < FormValidator.ItemCount(field, path, values); i++)
                {
                    foreach (var sub in field.Fields.Where(f => FormValidator.IsVisible(f.VisibleWhen, values)))
                    {
                        foreach (var line in Field(sub, $"{path}[{i}].{sub.Name}", $"{label} {i + 1} – {sub.Label.For(culture)}", values, attachments, culture))
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
