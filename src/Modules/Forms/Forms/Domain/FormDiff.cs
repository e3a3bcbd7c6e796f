namespace Portal.Forms.Domain;

/// <summary>
/// What changed between two versions of a form, as sentences a citizen or a manager reads: fields and steps added,
/// removed or changed (label, required, options, condition, checks). The history and the offer to move a draft show it.
/// </summary>
public static class FormDiff
{
    public static IReadOnlyList<LocalText> Describe(FormDefinition before, FormDefinition after)
    {
        var changes = new List<LocalText>();
        if (before.Title != after.Title)
        {
            changes.Add(new($"Název formuláře: „{after.Title.Cs}“.", $"Form title: \"{after.Title.En ?? after.Title.Cs}\"."));
        }

        if (before.Agenda != after.Agenda || before.RouteByField != after.RouteByField || !before.AgendaRules.SequenceEqual(after.AgendaRules, RuleComparer.Instance))
        {
            changes.Add(new("Změnilo se, které agendě podání přijde.", "The agenda the submission goes to changed."));
        }

        if (before.Description != after.Description)
        {
            changes.Add(new("Změnil se popis formuláře.", "The form's description changed."));
        }

        var beforeSteps = before.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var afterSteps = after.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var step in after.Steps.Where(s => !beforeSteps.ContainsKey(s.Id)))
        {
            changes.Add(new($"Nový krok „{step.Title.Cs}“.", $"New step \"{step.Title.En ?? step.Title.Cs}\"."));
        }

        foreach (var step in before.Steps.Where(s => !afterSteps.ContainsKey(s.Id)))
        {
            changes.Add(new($"Krok „{step.Title.Cs}“ byl odebrán.", $"The step \"{step.Title.En ?? step.Title.Cs}\" was removed."));
        }

        foreach (var step in after.Steps.Where(s => beforeSteps.TryGetValue(s.Id, out var old) && (old.Title != s.Title || !Same(old.VisibleWhen, s.VisibleWhen))))
        {
            changes.Add(new($"Krok „{step.Title.Cs}“ se změnil (název nebo kdy se zobrazí).", $"The step \"{step.Title.En ?? step.Title.Cs}\" changed (title or when it shows)."));
        }

        Fields(changes, before.TopFields.ToList(), after.TopFields.ToList(), null);
        if (!Equals(Canonical(before.FeeRegistration), Canonical(after.FeeRegistration)))
        {
            changes.Add(new("Změnilo se, jak formulář přihlašuje k poplatku.", "How the form registers for a fee changed."));
        }

        return changes;
    }

    private static void Fields(List<LocalText> changes, List<FormField> before, List<FormField> after, FormField? group)
    {
        string In(bool english) => group is null ? string.Empty : english ? $" (in \"{group.Label.En ?? group.Label.Cs}\")" : $" (ve skupině „{group.Label.Cs}“)";
        var old = before.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var now = after.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var f in after.Where(f => !old.ContainsKey(f.Name)))
        {
            changes.Add(f.Required
                ? new($"Nové povinné pole „{f.Label.Cs}“{In(false)}.", $"New required field \"{f.Label.En ?? f.Label.Cs}\"{In(true)}.")
                : new($"Nové pole „{f.Label.Cs}“{In(false)}.", $"New field \"{f.Label.En ?? f.Label.Cs}\"{In(true)}."));
        }

        foreach (var f in before.Where(f => !now.ContainsKey(f.Name)))
        {
            changes.Add(new($"Pole „{f.Label.Cs}“{In(false)} bylo odebráno; co v něm bylo, se nepřenese.", $"The field \"{f.Label.En ?? f.Label.Cs}\"{In(true)} was removed; what it held is not carried over."));
        }

        foreach (var f in after.Where(f => old.ContainsKey(f.Name)))
        {
            var o = old[f.Name];
            var label = new LocalText($"„{f.Label.Cs}“{In(false)}", $"\"{f.Label.En ?? f.Label.Cs}\"{In(true)}");
            if (o.Kind != f.Kind)
            {
                changes.Add(new($"Pole {label.Cs} je nyní jiného druhu; vyplňte ho znovu.", $"The field {label.En} is now of another kind; fill it in again."));
                continue;
            }

            if (!o.Required && f.Required)
            {
                changes.Add(new($"Pole {label.Cs} je nyní povinné.", $"The field {label.En} is now required."));
            }
            else if (o.Required && !f.Required)
            {
                changes.Add(new($"Pole {label.Cs} už není povinné.", $"The field {label.En} is no longer required."));
            }

            if (o.Label != f.Label || o.Hint != f.Hint || o.Text != f.Text)
            {
                changes.Add(new($"Pole {label.Cs}: změněn popisek nebo nápověda.", $"The field {label.En}: label or help changed."));
            }

            if (!o.Options.SequenceEqual(f.Options) || !Same(o.VisibleWhen, f.VisibleWhen))
            {
                changes.Add(new($"Pole {label.Cs}: změněny možnosti nebo kdy se zobrazí.", $"The field {label.En}: options or when it shows changed."));
            }

            if (o.MinLength != f.MinLength || o.MaxLength != f.MaxLength || o.Min != f.Min || o.Max != f.Max || o.Pattern != f.Pattern || o.Check != f.Check
                || !o.Accept.SequenceEqual(f.Accept) || o.MaxSizeMb != f.MaxSizeMb || o.MinItems != f.MinItems || o.MaxItems != f.MaxItems)
            {
                changes.Add(new($"Pole {label.Cs}: změněna pravidla kontroly.", $"The field {label.En}: validation rules changed."));
            }

            if (f.Kind == FieldKind.Group)
            {
                Fields(changes, [.. o.Fields], [.. f.Fields], f);
            }
        }
    }

    private static bool Same(Condition? a, Condition? b) => a?.Field == b?.Field && (a?.In ?? []).SequenceEqual(b?.In ?? []);

    private static string? Canonical(FeeRegistrationMap? map) => map is null ? null : System.Text.Json.JsonSerializer.Serialize(map);

    private sealed class RuleComparer : IEqualityComparer<AgendaRule>
    {
        public static readonly RuleComparer Instance = new();

        public bool Equals(AgendaRule? x, AgendaRule? y) => x is not null && y is not null && x.Field == y.Field && x.Agenda == y.Agenda && x.In.SequenceEqual(y.In);

        public int GetHashCode(AgendaRule obj) => HashCode.Combine(obj.Field, obj.Agenda);
    }
}
