using System.Globalization;
using System.Text;

namespace Portal.Forms.Domain;

/// <summary>The designer's changes to the version being edited, as pure functions (each returns a new definition).</summary>
public static class DesignEdits
{
    public static FormDefinition NewForm(string code, LocalText title, string agenda) => new()
    {
        Code = code,
        Version = 1,
        Agenda = agenda,
        Title = title,
        Steps = [new FormStep("krok-1", new LocalText("Údaje", "Details"), [])],
    };

    public static FormDefinition AddStep(FormDefinition form, LocalText title)
    {
        var id = UniqueKey(Slug(title.Cs, "krok"), form.Steps.Select(s => s.Id));
        return form with { Steps = [.. form.Steps, new FormStep(id, title, [])] };
    }

    public static FormDefinition UpdateStep(FormDefinition form, string stepId, LocalText title, Condition? visibleWhen) =>
        form with { Steps = form.Steps.Select(s => s.Id == stepId ? s with { Title = title, VisibleWhen = visibleWhen } : s).ToList() };

    public static FormDefinition RemoveStep(FormDefinition form, string stepId) => form with { Steps = form.Steps.Where(s => s.Id != stepId).ToList() };

    public static FormDefinition MoveStep(FormDefinition form, string stepId, int delta)
    {
        var steps = form.Steps.ToList();
        var i = steps.FindIndex(s => s.Id == stepId);
        var j = i + delta;
        if (i < 0 || j < 0 || j >= steps.Count)
        {
            return form;
        }

        (steps[i], steps[j]) = (steps[j], steps[i]);
        return form with { Steps = steps };
    }

    /// <summary>Adds a field (<paramref name="original"/> null) or replaces the field called <paramref name="original"/>, in a step or inside a group of it.</summary>
    public static FormDefinition PutField(FormDefinition form, string stepId, string? group, string? original, FormField field) =>
        Within(form, stepId, group, fields =>
        {
            var list = fields.ToList();
            var at = original is null ? -1 : list.FindIndex(f => f.Name == original);
            if (at < 0)
            {
                list.Add(field);
            }
            else
            {
                // A group keeps its items' fields when its own settings change.
                list[at] = field.Kind == FieldKind.Group && list[at].Kind == FieldKind.Group && field.Fields.Count == 0 ? field with { Fields = list[at].Fields } : field;
            }

            return list;
        });

    public static FormDefinition RemoveField(FormDefinition form, string stepId, string? group, string name) =>
        Within(form, stepId, group, fields => fields.Where(f => f.Name != name).ToList());

    public static FormDefinition MoveField(FormDefinition form, string stepId, string? group, string name, int delta) =>
        Within(form, stepId, group, fields =>
        {
            var list = fields.ToList();
            var i = list.FindIndex(f => f.Name == name);
            var j = i + delta;
            if (i >= 0 && j >= 0 && j < list.Count)
            {
                (list[i], list[j]) = (list[j], list[i]);
            }

            return list;
        });

    private static FormDefinition Within(FormDefinition form, string stepId, string? group, Func<IReadOnlyList<FormField>, IReadOnlyList<FormField>> change) =>
        form with
        {
            Steps = form.Steps.Select(s => s.Id != stepId ? s : group is null
                ? s with { Fields = change(s.Fields) }
                : s with { Fields = s.Fields.Select(f => f.Name == group && f.Kind == FieldKind.Group ? f with { Fields = change(f.Fields) } : f).ToList() }).ToList(),
        };

    /// <summary>A key from a Czech text: "Jméno psa" → "jmeno-psa".</summary>
    public static string Slug(string text, string fallback)
    {
        var plain = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            plain.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var slug = string.Join('-', plain.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        slug = slug.Length > 30 ? slug[..30].TrimEnd('-') : slug;
        return slug.Length == 0 || !char.IsAsciiLetter(slug[0]) ? fallback : slug;
    }

    public static string UniqueKey(string key, IEnumerable<string> taken)
    {
        var set = taken.ToHashSet(StringComparer.Ordinal);
        var candidate = key;
        for (var n = 2; set.Contains(candidate); n++)
        {
            candidate = $"{key}-{n}";
        }

        return candidate;
    }
}
