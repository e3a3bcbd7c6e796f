using System.Globalization;
using Portal.Fees.Contracts;
using Portal.Forms.Contracts;

namespace Portal.Forms.Domain;

/// <summary>Checks a fee registration mapping: its fields exist with the right kinds (on save), and Fees takes it (on publish).</summary>
public static class FeeMappingRules
{
    internal static void CheckShape(List<DefinitionProblem> problems, FeeRegistrationMap map, Dictionary<string, (FormField Field, int Step)> top)
    {
        void Add(string path, string cs, string en) => problems.Add(new DefinitionProblem("feeRegistration." + path, new LocalText(cs, en)));
        void Expect(string path, string? name, string what, string whatEn, params FieldKind[] kinds)
        {
            if (name is null)
            {
                return;
            }

            if (!top.TryGetValue(name, out var f) || !kinds.Contains(f.Field.Kind))
            {
                Add(path, $"Poplatek: „{name}“ musí být pole formuláře druhu {what}.", $"Fee: \"{name}\" must be a field of the form of the kind {whatEn}.");
            }
        }

        if (string.IsNullOrWhiteSpace(map.Fee))
        {
            Add("fee", "Poplatek: vyberte druh poplatku.", "Fee: choose the kind of fee.");
        }

        if (map.Payer is null)
        {
            Add("payer", "Poplatek: vyberte pole s poplatníkem (osoba).", "Fee: choose the field with the payer (person).");
        }

        if (map.Address is null)
        {
            Add("address", "Poplatek: vyberte pole s adresou.", "Fee: choose the address field.");
        }

        Expect("payer", map.Payer, "osoba", "person", FieldKind.Person);
        Expect("address", map.Address, "adresa", "address", FieldKind.Address);
        Expect("from", map.From, "datum", "date", FieldKind.Date);
        CheckValues(problems, "reduced", map.Reduced?.Field, map.Reduced?.In, top);
        CheckValues(problems, "exemption", map.Exemption?.Field, map.Exemption?.Values.Keys.ToList(), top);
        if (map.Property is { } property)
        {
            CheckValues(problems, "property", property.Field, property.In, top);
            Expect("property.address", property.Address, "adresa", "address", FieldKind.Address);
            Expect("property.number", property.Number, "krátký text", "short text", FieldKind.Text);
        }

        if (map.Subjects is not { } subjects)
        {
            return;
        }

        if (!top.TryGetValue(subjects.Group ?? string.Empty, out var group) || group.Field.Kind != FieldKind.Group)
        {
            Add("subjects.group", $"Poplatek: „{subjects.Group}“ musí být opakovaná skupina formuláře.", $"Fee: \"{subjects.Group}\" must be a repeatable group of the form.");
            return;
        }

        var inner = group.Field.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        void Inner(string path, string? name, string what, string whatEn, params FieldKind[] kinds)
        {
            if (name is not null && (!inner.TryGetValue(name, out var f) || !kinds.Contains(f.Kind)))
            {
                Add(path, $"Poplatek: „{name}“ musí být pole skupiny „{subjects.Group}“ druhu {what}.", $"Fee: \"{name}\" must be a field of the group \"{subjects.Group}\" of the kind {whatEn}.");
            }
        }

        if (subjects.Name is null || subjects.Name.Count == 0)
        {
            Add("subjects.name", "Poplatek: vyberte pole se jménem (psa, osoby).", "Fee: choose the field with the name (of the dog, the person).");
        }

        foreach (var name in subjects.Name ?? [])
        {
            Inner("subjects.name", name, "text", "text", FieldKind.Text, FieldKind.LongText, FieldKind.Number, FieldKind.Choice);
        }

        Inner("subjects.birthDate", subjects.BirthDate, "datum", "date", FieldKind.Date);
        Inner("subjects.from", subjects.From, "datum", "date", FieldKind.Date);
        if (subjects.Exemption is { } exemption)
        {
            if (inner.TryGetValue(exemption.Field ?? string.Empty, out var own))
            {
                var offered = own.Kind == FieldKind.YesNo ? ["yes", "no"] : own.Options.Select(o => o.Value).ToList();
                if (own.Kind is not (FieldKind.Choice or FieldKind.YesNo) || (exemption.Values ?? new Dictionary<string, string>()).Keys.Any(k => !offered.Contains(k)))
                {
                    Add("subjects.exemption", $"Poplatek: osvobození podle pole „{exemption.Field}“ potřebuje výběr nebo ano/ne s hodnotami, které pole nabízí.", $"Fee: an exemption by \"{exemption.Field}\" needs a choice or yes/no with values the field offers.");
                }
            }
            else
            {
                CheckValues(problems, "subjects.exemption", exemption.Field, exemption.Values?.Keys.ToList(), top);
            }
        }
    }

    private static void CheckValues(List<DefinitionProblem> problems, string path, string? field, IReadOnlyList<string>? values, Dictionary<string, (FormField Field, int Step)> top)
    {
        if (field is null)
        {
            return;
        }

        if (!top.TryGetValue(field, out var f) || f.Field.Kind is not (FieldKind.Choice or FieldKind.MultiChoice or FieldKind.YesNo))
        {
            problems.Add(new DefinitionProblem("feeRegistration." + path, new LocalText($"Poplatek: „{field}“ musí být výběr nebo pole ano/ne formuláře.", $"Fee: \"{field}\" must be a choice or yes/no field of the form.")));
            return;
        }

        var offered = f.Field.Kind == FieldKind.YesNo ? ["yes", "no"] : f.Field.Options.Select(o => o.Value).ToList();
        if (values is null || values.Count == 0 || values.Any(v => !offered.Contains(v)))
        {
            problems.Add(new DefinitionProblem("feeRegistration." + path, new LocalText($"Poplatek: pole „{field}“ nabízí jen {string.Join(", ", offered)}.", $"Fee: the field \"{field}\" offers only {string.Join(", ", offered)}.")));
        }
    }

    /// <summary>What Fees says about the mapping: the fee exists, subjects where it counts them, exemptions it knows.</summary>
    public static IReadOnlyList<DefinitionProblem> CheckTerms(FeeRegistrationMap map, FeeRegistrationTerms terms)
    {
        var problems = new List<DefinitionProblem>();
        void Add(string path, string cs, string en) => problems.Add(new DefinitionProblem("feeRegistration." + path, new LocalText(cs, en)));
        if (!terms.Known)
        {
            Add("fee", $"Poplatek „{map.Fee}“ modul poplatků nezná.", $"The fees module does not know a fee \"{map.Fee}\".");
            return problems;
        }

        if (terms.NeedsSubjects && map.Subjects is null && !map.PayerIsSubject)
        {
            Add("subjects", $"{terms.Name}: mapování potřebuje skupinu s předměty poplatku (psi, osoby).", $"{terms.Name}: the mapping needs a group with what the fee counts (dogs, persons).");
        }

        if (map.Property is not null && !terms.AllowsProperty)
        {
            Add("property", $"{terms.Name}: poplatek se neplatí z nemovitosti.", $"{terms.Name}: the fee is not paid for a property.");
        }

        if (map.Reduced is not null && !terms.AllowsReduced)
        {
            Add("reduced", $"{terms.Name}: poplatek nemá sníženou sazbu.", $"{terms.Name}: the fee has no reduced rate.");
        }

        foreach (var code in map.Subjects?.Exemption?.Values.Values ?? [])
        {
            if (!terms.SubjectExemptions.Contains(code))
            {
                Add("subjects.exemption", $"{terms.Name}: osvobození „{code}“ neexistuje; možnosti: {string.Join(", ", terms.SubjectExemptions)}.", $"{terms.Name}: there is no exemption \"{code}\"; choose from: {string.Join(", ", terms.SubjectExemptions)}.");
            }
        }

        foreach (var code in map.Exemption?.Values.Values ?? [])
        {
            if (!terms.RegistrationExemptions.Contains(code))
            {
                Add("exemption", $"{terms.Name}: osvobození „{code}“ neexistuje; možnosti: {string.Join(", ", terms.RegistrationExemptions)}.", $"{terms.Name}: there is no exemption \"{code}\"; choose from: {string.Join(", ", terms.RegistrationExemptions)}.");
            }
        }

        return problems;
    }
}

/// <summary>Reads a sent fee registration form through its mapping into what Fees registers.</summary>
public static class FeeRegistrationReader
{
    public static FeeRegistrationData? Read(FormDefinition form, IReadOnlyDictionary<string, string> v)
    {
        if (form.FeeRegistration is not { } map)
        {
            return null;
        }

        string? Get(string? key) => key is not null && v.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        DateOnly? Date(string? key) => Get(key) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        string Address(string prefix) => string.Join(", ", new[] { Get(prefix + ".street"), $"{Get(prefix + ".zip")} {Get(prefix + ".city")}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)));
        bool Holds(string? field, IReadOnlyList<string>? values) => Get(field) is { } value && values is not null && value.Split(',').Any(values.Contains);
        string? Mapped(ValueMap? rule, string? path = null) =>
            rule is null ? null : (Get(path ?? rule.Field) ?? string.Empty).Split(',').Select(x => rule.Values.GetValueOrDefault(x)).FirstOrDefault(x => x is not null);

        var from = Date(map.From);
        var subjects = new List<FeeSubjectData>();
        if (map.PayerIsSubject)
        {
            subjects.Add(new FeeSubjectData(Get(map.Payer + ".name") ?? string.Empty, Date(map.Payer + ".birthDate"), from, null));
        }

        if (map.Subjects is { } s && form.TopFields.FirstOrDefault(f => f.Name == s.Group) is { } group)
        {
            var count = int.TryParse(Get(s.Group + FormValidator.CountSuffix), CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, group.MaxItems) : 0;
            var own = s.Exemption is not null && group.Fields.Any(f => f.Name == s.Exemption.Field);
            for (var i = 0; i < count; i++)
            {
                string Item(string key) => $"{s.Group}[{i}].{key}";
                var names = s.Name.Select(k => Get(Item(k))).Where(x => x is not null).ToList();
                var name = names.Count == 0 ? string.Empty : names.Count == 1 ? names[0]! : $"{names[0]} ({string.Join(", ", names.Skip(1))})";

                // An exemption asked once for the whole form counts for the only subject when there is one.
                var exemption = own ? Mapped(s.Exemption, Item(s.Exemption!.Field)) : count == 1 ? Mapped(s.Exemption) : null;
                subjects.Add(new FeeSubjectData(name, Date(s.BirthDate is null ? null : Item(s.BirthDate)), Date(s.From is null ? null : Item(s.From)) ?? from, exemption));
            }
        }

        from ??= subjects.Select(x => x.From).Where(x => x is not null).Min();
        var property = map.Property is { } p && Holds(p.Field, p.In);
        var address = property
            ? Address(map.Property!.Address) + (Get(map.Property.Number) is { } number ? ", č. p. " + number : string.Empty)
            : Address(map.Address);
        return new FeeRegistrationData(
            map.Fee,
            Get(map.Payer + ".name") ?? string.Empty,
            Date(map.Payer + ".birthDate"),
            Get(map.Payer + ".email"),
            address,
            from,
            property,
            map.Reduced is { } r && Holds(r.Field, r.In),
            Mapped(map.Exemption),
            property ? [] : subjects);
    }
}
