using System.Globalization;
using System.Text;

namespace Portal.Forms.Domain;

/// <summary>
/// What a form manager types as a condition's values, read as the form's own values: "Ano"/"Ne" (or "yes"/"no") for a
/// yes/no field, an option's Czech or English label for a choice (case and accents aside). What matches nothing stays
/// as typed, so the definition rules can say which value the field does not offer.
/// </summary>
public static class ConditionWords
{
    public static FormDefinition Resolve(FormDefinition form)
    {
        var fields = form.TopFields.ToList();
        FormField? Find(string name, FormField? group) =>
            group?.Fields.FirstOrDefault(f => f.Name == name) ?? fields.FirstOrDefault(f => f.Name == name);

        Condition? Fix(Condition? condition, FormField? group) =>
            condition is null || Find(condition.Field, group) is not { } target ? condition : condition with { In = condition.In.Select(v => ValueOf(target, v)).Distinct().ToList() };

        FormField FixField(FormField field, FormField? group) => field with
        {
            VisibleWhen = Fix(field.VisibleWhen, group),
            Fields = field.Fields.Select(sub => FixField(sub, field)).ToList(),
        };

        return form with
        {
            Steps = form.Steps.Select(s => s with { VisibleWhen = Fix(s.VisibleWhen, null), Fields = s.Fields.Select(f => FixField(f, null)).ToList() }).ToList(),
        };
    }

    /// <summary>The stored value a typed word stands for in this field.</summary>
    public static string ValueOf(FormField field, string typed)
    {
        var word = Plain(typed);
        if (field.Kind == FieldKind.YesNo)
        {
            return word switch
            {
                "ano" or "yes" => "yes",
                "ne" or "no" => "no",
                _ => typed,
            };
        }

        return field.Options.FirstOrDefault(o => Plain(o.Value) == word || Plain(o.Label.Cs) == word || (o.Label.En is { } en && Plain(en) == word))?.Value ?? typed;
    }

    /// <summary>How a stored value is shown to the form manager (the word for it: "Ano", an option's label).</summary>
    public static string WordOf(FormField field, string value) => field.Kind == FieldKind.YesNo
        ? value switch { "yes" => "Ano", "no" => "Ne", _ => value }
        : field.Options.FirstOrDefault(o => o.Value == value)?.Label.Cs ?? value;

    /// <summary>The words a form manager may type for a field's values, for the hint ("Ano, Ne"; the options' labels).</summary>
    public static IEnumerable<string> Words(FormField field) =>
        field.Kind == FieldKind.YesNo ? ["Ano", "Ne"] : field.Options.Select(o => o.Label.Cs);

    private static string Plain(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).ToLowerInvariant();
    }
}
