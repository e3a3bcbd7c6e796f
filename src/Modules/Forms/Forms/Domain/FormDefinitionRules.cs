using System.Text.RegularExpressions;
using Portal.Identity.Contracts;
using Portal.Shared.Files;

namespace Portal.Forms.Domain;

/// <summary>One thing wrong with a form definition: where (a JSON path, "steps[1].fields[0].name") and what, in Czech and English.</summary>
public sealed record DefinitionProblem(string Path, LocalText Message);

/// <summary>
/// What a form definition must be before it is saved (from the designer or an import): known kinds and agendas,
/// unique keys, conditions that refer to existing fields shown earlier with values those fields have, no cycles,
/// sane limits on sizes and counts, patterns that compile, a fee mapping to fields of the right kind.
/// </summary>
public static partial class FormDefinitionRules
{
    public const int MaxSteps = 20;
    public const int MaxFieldsPerStep = 60;
    public const int MaxFields = 300;
    public const int MaxGroupFields = 30;
    public const int MaxGroupItems = 50;
    public const int MaxOptions = 100;
    public const int MaxLabel = 300;
    public const int MaxHelp = 1000;
    public const int MaxText = 4000;
    public const int MaxPattern = 300;
    public const int MaxFileMb = 50;

    private static readonly FieldKind[] ConditionKinds = [FieldKind.Choice, FieldKind.MultiChoice, FieldKind.YesNo];
    private static readonly FieldKind[] TextKinds = [FieldKind.Text, FieldKind.LongText, FieldKind.Email, FieldKind.Phone];

    /// <summary>What is wrong with a definition; <paramref name="publishing"/> adds what only a finished form needs (no empty step).</summary>
    public static IReadOnlyList<DefinitionProblem> Check(FormDefinition form, bool publishing = false)
    {
        var problems = new List<DefinitionProblem>();
        void Add(string path, string cs, string en) => problems.Add(new DefinitionProblem(path, new LocalText(cs, en)));

        if (form.Code is null || !CodePattern().IsMatch(form.Code))
        {
            Add("code", "Kód formuláře: 2 až 40 malých písmen bez diakritiky, číslic a pomlček, začíná písmenem (například „parkovaci-karta“).",
                "Form code: 2 to 40 lower-case letters without accents, digits and hyphens, starting with a letter (e.g. \"parking-card\").");
        }

        if (form.Version < 1)
        {
            Add("version", "Verze je celé číslo od 1.", "The version is a whole number from 1.");
        }

        if (form.Agenda is null || !Agendas.IsKnown(form.Agenda))
        {
            Add("agenda", $"Agenda „{form.Agenda}“ neexistuje; možnosti: {string.Join(", ", Agendas.All)}.", $"There is no agenda \"{form.Agenda}\"; choose one of: {string.Join(", ", Agendas.All)}.");
        }

        CheckText(problems, "title", form.Title, 200, required: true);
        CheckText(problems, "description", form.Description, MaxHelp, required: false);
        if (form.Steps is null || form.Steps.Count == 0)
        {
            Add("steps", "Formulář potřebuje alespoň jeden krok.", "A form needs at least one step.");
            return problems;
        }

        if (form.Steps.Count > MaxSteps)
        {
            Add("steps", $"Nejvýše {MaxSteps} kroků.", $"At most {MaxSteps} steps.");
        }

        var top = new Dictionary<string, (FormField Field, int Step)>(StringComparer.Ordinal);
        var stepIds = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        for (var s = 0; s < form.Steps.Count; s++)
        {
            var step = form.Steps[s];
            var path = $"steps[{s}]";
            if (step is null)
            {
                Add(path, "Prázdný krok.", "An empty step.");
                continue;
            }

            if (step.Id is null || !KeyPattern().IsMatch(step.Id))
            {
                Add(path + ".id", $"Klíč kroku „{step.Id}“: 1 až 40 písmen bez diakritiky, číslic, _ nebo -, začíná písmenem.", $"Step key \"{step.Id}\": 1 to 40 letters without accents, digits, _ or -, starting with a letter.");
            }
            else if (!stepIds.Add(step.Id))
            {
                Add(path + ".id", $"Klíč kroku „{step.Id}“ už má jiný krok.", $"Another step already has the key \"{step.Id}\".");
            }

            CheckText(problems, path + ".title", step.Title, 200, required: true);
            var fields = step.Fields ?? [];
            if (fields.Count == 0 && publishing)
            {
                Add(path + ".fields", "Krok potřebuje alespoň jedno pole.", "A step needs at least one field.");
            }

            if (fields.Count > MaxFieldsPerStep)
            {
                Add(path + ".fields", $"Nejvýše {MaxFieldsPerStep} polí v kroku.", $"At most {MaxFieldsPerStep} fields in a step.");
            }

            for (var f = 0; f < fields.Count; f++)
            {
                var field = fields[f];
                var fieldPath = $"{path}.fields[{f}]";
                if (field is null)
                {
                    Add(fieldPath, "Prázdné pole.", "An empty field.");
                    continue;
                }

                count += 1 + (field.Fields?.Count ?? 0);
                CheckField(problems, field, fieldPath, inGroup: false, publishing);
                if (field.Name is not null && !top.TryAdd(field.Name, (field, s)))
                {
                    Add(fieldPath + ".name", $"Klíč pole „{field.Name}“ už má jiné pole formuláře.", $"Another field of the form already has the key \"{field.Name}\".");
                }
            }
        }

        if (count > MaxFields)
        {
            Add("steps", $"Nejvýše {MaxFields} polí celkem.", $"At most {MaxFields} fields in all.");
        }

        // Conditions: to a choice or yes/no field of this form, shown in an earlier step (or earlier in the same step),
        // with values that field offers.
        for (var s = 0; s < form.Steps.Count; s++)
        {
            var step = form.Steps[s];
            if (step is null)
            {
                continue;
            }

            CheckCondition(problems, top, step.VisibleWhen, $"steps[{s}].visibleWhen", s, sameStepAllowed: false, self: null);
            var fields = step.Fields ?? [];
            for (var f = 0; f < fields.Count; f++)
            {
                var field = fields[f];
                if (field is null)
                {
                    continue;
                }

                CheckCondition(problems, top, field.VisibleWhen, $"steps[{s}].fields[{f}].visibleWhen", s, sameStepAllowed: true, self: field.Name);
                // In a group, a condition may name a field of the same item shown before it (e.g. "from a shelter" →
                // "the shelter's confirmation" for that dog); any other name is a field of the form.
                var subs = field.Fields ?? [];
                for (var g = 0; g < subs.Count; g++)
                {
                    var path = $"steps[{s}].fields[{f}].fields[{g}].visibleWhen";
                    var siblings = subs.Take(g).Where(x => x?.Name is not null).ToDictionary(x => x.Name, x => (x, s), StringComparer.Ordinal);
                    if (subs[g]?.VisibleWhen is { } own && subs.Any(x => x?.Name == own.Field))
                    {
                        CheckCondition(problems, siblings, own, path, s, sameStepAllowed: true, self: subs[g].Name);
                    }
                    else
                    {
                        CheckCondition(problems, top, subs[g]?.VisibleWhen, path, s, sameStepAllowed: true, self: field.Name);
                    }
                }
            }
        }

        CheckCycles(problems, form, top);
        CheckRouting(problems, form, top);
        if (form.FeeRegistration is { } fee)
        {
            FeeMappingRules.CheckShape(problems, fee, top);
        }

        return problems;
    }

    private static void CheckField(List<DefinitionProblem> problems, FormField field, string path, bool inGroup, bool publishing)
    {
        void Add(string p, string cs, string en) => problems.Add(new DefinitionProblem(p, new LocalText(cs, en)));
        var name = field.Name;
        if (name is null || !KeyPattern().IsMatch(name))
        {
            Add(path + ".name", $"Klíč pole „{name}“: 1 až 40 písmen bez diakritiky, číslic, _ nebo -, začíná písmenem.", $"Field key \"{name}\": 1 to 40 letters without accents, digits, _ or -, starting with a letter.");
        }

        if (!Enum.IsDefined(field.Kind))
        {
            Add(path + ".kind", "Neznámý druh pole.", "Unknown field kind.");
            return;
        }

        var label = $"„{name}“";
        CheckText(problems, path + ".label", field.Label, MaxLabel, required: field.Kind != FieldKind.Static);
        CheckText(problems, path + ".hint", field.Hint, MaxHelp, required: false);
        CheckText(problems, path + ".patternMessage", field.PatternMessage, MaxLabel, required: false);
        CheckText(problems, path + ".text", field.Text, MaxText, required: field.Kind == FieldKind.Static);

        var subs = field.Fields ?? [];
        if (field.Kind == FieldKind.Group)
        {
            if (inGroup)
            {
                Add(path + ".kind", "Opakovanou skupinu nelze vložit do jiné skupiny.", "A repeatable group cannot sit inside another group.");
            }

            // A group is built empty and filled afterwards; only a published one must have fields.
            if (subs.Count > MaxGroupFields || (subs.Count == 0 && publishing))
            {
                Add(path + ".fields", $"Skupina {label} potřebuje 1 až {MaxGroupFields} polí.", $"The group {label} needs 1 to {MaxGroupFields} fields.");
            }

            if (field.MaxItems is < 1 or > MaxGroupItems || field.MinItems < 0 || field.MinItems > field.MaxItems)
            {
                Add(path + ".maxItems", $"Skupina {label}: počet položek od 0 do {MaxGroupItems}, nejméně nejvýše tolik, kolik nejvíce.", $"Group {label}: items from 0 to {MaxGroupItems}, the minimum at most the maximum.");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var g = 0; g < subs.Count; g++)
            {
                if (subs[g] is not { } sub)
                {
                    Add($"{path}.fields[{g}]", "Prázdné pole.", "An empty field.");
                    continue;
                }

                CheckField(problems, sub, $"{path}.fields[{g}]", inGroup: true, publishing);
                if (sub.Name is not null && !names.Add(sub.Name))
                {
                    Add($"{path}.fields[{g}].name", $"Klíč „{sub.Name}“ už má jiné pole skupiny {label}.", $"Another field of the group {label} already has the key \"{sub.Name}\".");
                }
            }
        }
        else if (subs.Count > 0)
        {
            Add(path + ".fields", $"Vnořená pole má jen opakovaná skupina, ne pole {label}.", $"Only a repeatable group has nested fields, not {label}.");
        }

        var options = field.Options ?? [];
        if (field.Kind is FieldKind.Choice or FieldKind.MultiChoice)
        {
            if (options.Count is 0 or > MaxOptions)
            {
                Add(path + ".options", $"Výběr {label} potřebuje 1 až {MaxOptions} možností.", $"The choice {label} needs 1 to {MaxOptions} options.");
            }

            var values = new HashSet<string>(StringComparer.Ordinal);
            for (var o = 0; o < options.Count; o++)
            {
                var option = options[o];
                if (option?.Value is null || !OptionPattern().IsMatch(option.Value))
                {
                    Add($"{path}.options[{o}].value", $"Hodnota možnosti „{option?.Value}“: 1 až 60 písmen bez diakritiky, číslic, _ nebo -.", $"Option value \"{option?.Value}\": 1 to 60 letters without accents, digits, _ or -.");
                }
                else if (!values.Add(option.Value))
                {
                    Add($"{path}.options[{o}].value", $"Hodnotu „{option.Value}“ už má jiná možnost pole {label}.", $"Another option of {label} already has the value \"{option.Value}\".");
                }

                CheckText(problems, $"{path}.options[{o}].label", option?.Label, MaxLabel, required: true);
            }
        }
        else if (options.Count > 0)
        {
            Add(path + ".options", $"Možnosti má jen výběr, ne pole {label}.", $"Only a choice has options, not {label}.");
        }

        if (field.MinLength is < 0 or > MaxText || field.MaxLength is < 1 or > MaxText || (field.MinLength > field.MaxLength))
        {
            Add(path + ".maxLength", $"Pole {label}: délka od 0 do {MaxText} znaků, nejméně nejvýše tolik, kolik nejvíce.", $"Field {label}: length from 0 to {MaxText} characters, the minimum at most the maximum.");
        }

        if ((field.Min is not null || field.Max is not null) && field.Kind is not (FieldKind.Number or FieldKind.Money))
        {
            Add(path + ".min", $"Rozsah hodnot má jen číslo nebo částka, ne pole {label}.", $"Only a number or an amount has a range, not {label}.");
        }
        else if (field.Min > field.Max)
        {
            Add(path + ".min", $"Pole {label}: nejmenší hodnota je větší než největší.", $"Field {label}: the minimum is greater than the maximum.");
        }

        if (field.Pattern is { } pattern)
        {
            if (!TextKinds.Contains(field.Kind))
            {
                Add(path + ".pattern", $"Vzor má jen textové pole, ne pole {label}.", $"Only a text field has a pattern, not {label}.");
            }
            else if (pattern.Length is 0 or > MaxPattern || !Compiles(pattern))
            {
                Add(path + ".pattern", $"Vzor pole {label} není platný regulární výraz (nejvýše {MaxPattern} znaků).", $"The pattern of {label} is not a valid regular expression (at most {MaxPattern} characters).");
            }
        }

        if (!Enum.IsDefined(field.Check) || (field.Check != FieldCheck.None && field.Kind != FieldKind.Text))
        {
            Add(path + ".check", $"Kontrolu (rodné číslo, IČO, PSČ, účet, datová schránka) má jen krátký text, ne pole {label}.", $"Only a short text has a check (birth number, company id, postcode, account, data box), not {label}.");
        }

        var prefillFits = field.Prefill switch
        {
            Prefill.None => true,
            Prefill.Name => field.Kind == FieldKind.Text,
            Prefill.Email => field.Kind is FieldKind.Email or FieldKind.Text,
            Prefill.BirthDate => field.Kind == FieldKind.Date,
            Prefill.Address => field.Kind == FieldKind.Address,
            _ => false,
        };
        if (!prefillFits || (field.Prefill != Prefill.None && inGroup))
        {
            Add(path + ".prefill", $"Předvyplnění pole {label} neodpovídá jeho druhu (jméno do textu, e-mail do e-mailu, datum narození do data, adresa do adresy; ne ve skupině).",
                $"The prefill of {label} does not fit its kind (name to text, e-mail to e-mail, date of birth to date, address to address; not in a group).");
        }

        var accept = field.Accept ?? [];
        if (field.Kind != FieldKind.Attachment && (accept.Count > 0 || field.MaxSizeMb is not null))
        {
            Add(path + ".accept", $"Typy a velikost souboru má jen příloha, ne pole {label}.", $"Only a file field has file types and size, not {label}.");
        }

        if (accept.Any(a => a is null || !FileSniffer.KnownExtensions.Contains(a.ToLowerInvariant())))
        {
            Add(path + ".accept", $"Typy souborů pole {label}: jen {string.Join(", ", FileSniffer.KnownExtensions)}.", $"File types of {label}: only {string.Join(", ", FileSniffer.KnownExtensions)}.");
        }

        if (field.MaxSizeMb is < 1 or > MaxFileMb)
        {
            Add(path + ".maxSizeMb", $"Velikost souboru pole {label}: 1 až {MaxFileMb} MB.", $"File size of {label}: 1 to {MaxFileMb} MB.");
        }

        if (field.Kind == FieldKind.Attachment && inGroup)
        {
            Add(path + ".kind", "Přílohu nelze vložit do opakované skupiny; dejte ji do kroku.", "A file field cannot sit in a repeatable group; put it in the step.");
        }
    }

    private static void CheckCondition(List<DefinitionProblem> problems, Dictionary<string, (FormField Field, int Step)> top, Condition? condition, string path, int step, bool sameStepAllowed, string? self)
    {
        if (condition is null)
        {
            return;
        }

        void Add(string cs, string en) => problems.Add(new DefinitionProblem(path, new LocalText(cs, en)));
        if (condition.Field is null || !top.TryGetValue(condition.Field, out var target))
        {
            Add($"Podmínka odkazuje na pole „{condition.Field}“, které formulář nemá.", $"The condition refers to a field \"{condition.Field}\" the form does not have.");
            return;
        }

        if (condition.Field == self)
        {
            Add($"Pole „{self}“ nemůže záviset samo na sobě.", $"The field \"{self}\" cannot depend on itself.");
            return;
        }

        if (!ConditionKinds.Contains(target.Field.Kind))
        {
            Add($"Podmínka může záviset jen na výběru nebo poli ano/ne, ne na poli „{condition.Field}“.", $"A condition can depend only on a choice or a yes/no field, not on \"{condition.Field}\".");
            return;
        }

        if (target.Step > step || (target.Step == step && !sameStepAllowed))
        {
            Add($"Podmínka závisí na poli „{condition.Field}“, které se vyplňuje až později; musí být v dřívějším kroku.", $"The condition depends on \"{condition.Field}\", which is filled in later; it must be in an earlier step.");
        }

        var offered = target.Field.Kind == FieldKind.YesNo ? ["yes", "no"] : (target.Field.Options ?? []).Select(o => o?.Value).ToList();
        if (condition.In is null || condition.In.Count == 0 || condition.In.Any(v => !offered.Contains(v)))
        {
            Add($"Podmínka potřebuje hodnoty, které pole „{condition.Field}“ nabízí ({string.Join(", ", offered)}).", $"The condition needs values the field \"{condition.Field}\" offers ({string.Join(", ", offered)}).");
        }
    }

    /// <summary>A field whose visibility, through conditions and the steps it sits in, depends on itself.</summary>
    private static void CheckCycles(List<DefinitionProblem> problems, FormDefinition form, Dictionary<string, (FormField Field, int Step)> top)
    {
        var depends = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var step in form.Steps.Where(s => s is not null))
        {
            foreach (var field in (step.Fields ?? []).Where(f => f?.Name is not null))
            {
                depends[field.Name] = new[] { field.VisibleWhen?.Field, step.VisibleWhen?.Field }.Where(x => x is not null && top.ContainsKey(x)).Select(x => x!).ToList();
            }
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        bool Visit(string name)
        {
            var seen = state.GetValueOrDefault(name);
            if (seen == 1)
            {
                return true;
            }

            if (seen == 2)
            {
                return false;
            }

            state[name] = 1;
            var cycle = depends.GetValueOrDefault(name, []).Any(Visit);
            state[name] = 2;
            return cycle;
        }

        foreach (var name in depends.Keys.Where(n => state.GetValueOrDefault(n) == 0))
        {
            if (Visit(name))
            {
                problems.Add(new DefinitionProblem("steps", new LocalText($"Podmínky tvoří kruh: pole „{name}“ nakonec závisí samo na sobě.", $"The conditions form a cycle: the field \"{name}\" ends up depending on itself.")));
                return;
            }
        }
    }

    private static void CheckRouting(List<DefinitionProblem> problems, FormDefinition form, Dictionary<string, (FormField Field, int Step)> top)
    {
        if (form.RouteByField is { } route && (!top.TryGetValue(route, out var routed) || routed.Field.Kind != FieldKind.Choice || (routed.Field.Options ?? []).Any(o => !Agendas.IsKnown(o.Value))))
        {
            problems.Add(new DefinitionProblem("routeByField", new LocalText($"Směrování podle pole „{route}“: musí to být výběr, jehož hodnoty jsou agendy ({string.Join(", ", Agendas.All)}).",
                $"Routing by \"{route}\": it must be a choice whose values are agendas ({string.Join(", ", Agendas.All)}).")));
        }

        var rules = form.AgendaRules ?? [];
        if (rules.Count > 20)
        {
            problems.Add(new DefinitionProblem("agendaRules", new LocalText("Nejvýše 20 pravidel směrování.", "At most 20 routing rules.")));
        }

        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            if (rule is null || rule.Agenda is null || !Agendas.IsKnown(rule.Agenda))
            {
                problems.Add(new DefinitionProblem($"agendaRules[{r}].agenda", new LocalText($"Pravidlo směrování: agenda „{rule?.Agenda}“ neexistuje.", $"Routing rule: there is no agenda \"{rule?.Agenda}\".")));
                continue;
            }

            CheckCondition(problems, top, new Condition(rule.Field, rule.In), $"agendaRules[{r}]", int.MaxValue, sameStepAllowed: true, self: null);
        }
    }

    /// <summary>Adds a problem when a text is missing (Czech is required; English optional) or too long.</summary>
    internal static void CheckText(List<DefinitionProblem> problems, string path, LocalText? text, int max, bool required)
    {
        if (text is null || string.IsNullOrWhiteSpace(text.Cs))
        {
            if (required)
            {
                problems.Add(new DefinitionProblem(path, new LocalText("Vyplňte český text.", "Fill in the Czech text.")));
            }

            return;
        }

        if (text.Cs.Length > max || (text.En?.Length ?? 0) > max)
        {
            problems.Add(new DefinitionProblem(path, new LocalText($"Text je delší než {max} znaků.", $"The text is longer than {max} characters.")));
        }
    }

    private static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_-]{0,39}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,60}$")]
    private static partial Regex OptionPattern();
}
