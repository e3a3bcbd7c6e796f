using CsCheck;
using Portal.Forms.Domain;

namespace Portal.Forms.Tests;

/// <summary>The form designer's rules without a database: definitions, JSON, Czech checks, versions, the fee mapping.</summary>
public sealed class DesignerRulesTests
{
    private static readonly IReadOnlyList<FormDefinition> Shipped = FormCatalog.EmbeddedDefinitions();

    private static FormDefinition Shipped_(string code) => Shipped.Where(f => f.Code == code).MaxBy(f => f.Version)!;

    private static IReadOnlyList<string> Problems(FormDefinition form, bool publishing = false) => FormDefinitionRules.Check(form, publishing).Select(p => p.Path).ToList();

    [Fact]
    public void The_five_shipped_forms_are_valid_definitions_that_round_trip_through_json()
    {
        // Five forms; the dog form also in its first version (drafts and submissions of it still exist).
        Assert.Equal(5, Shipped.Select(f => f.Code).Distinct().Count());
        Assert.Equal([1, 2], Shipped.Where(f => f.Code == "poplatek-psi").Select(f => f.Version).Order());
        foreach (var form in Shipped)
        {
            Assert.Empty(FormDefinitionRules.Check(form, publishing: true));
            var json = FormDefinitionJson.Export(form);
            var (again, problems) = FormDefinitionJson.Import(json);
            Assert.Empty(problems);
            Assert.Equal(json, FormDefinitionJson.Export(again!));
        }
    }

    [Fact]
    public void Any_definition_the_designer_accepts_validates_its_own_test_data_and_round_trips()
    {
        Gen.Int.Sample(seed =>
        {
            var form = RandomForms.Make(seed);
            var problems = FormDefinitionRules.Check(form, publishing: true);
            Assert.True(problems.Count == 0, string.Join("; ", problems.Select(p => p.Path + ": " + p.Message.En)));

            var values = SampleValues.For(form, new Random(seed));
            var errors = FormValidator.ValidateAll(form, values);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path} {e.Code}")));

            var json = FormDefinitionJson.Export(form);
            var (imported, importProblems) = FormDefinitionJson.Import(json);
            Assert.Empty(importProblems);
            Assert.Equal(json, FormDefinitionJson.Export(imported!));
        }, iter: 400);
    }

    [Fact]
    public void Conditional_visibility_never_requires_a_hidden_field()
    {
        // Any values at all (conditions met or not, stale values left in hidden fields): every error is about a field
        // that is shown, through its own condition, the condition's field and the steps they stand in.
        Gen.Select(Gen.Int, Gen.Int).Sample((seed, valueSeed) =>
        {
            var form = RandomForms.Make(seed);
            var random = new Random(valueSeed);
            var values = SampleValues.For(form, random).Where(_ => random.Next(3) > 0).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            foreach (var field in form.TopFields.Where(f => f.Kind is FieldKind.Choice or FieldKind.YesNo && random.Next(2) == 0))
            {
                values[field.Name] = field.Kind == FieldKind.YesNo ? "no" : field.Options[^1].Value;
            }

            foreach (var key in values.Keys.Where(k => k.Contains(']', StringComparison.Ordinal) && random.Next(3) == 0).ToList())
            {
                values[key] = random.Next(2) == 0 ? "no" : "o1";
            }

            foreach (var error in FormValidator.ValidateAll(form, values))
            {
                var top = error.Path.Split('.', '[', '#')[0];
                var step = form.Steps.Single(s => s.Fields.Any(f => f.Name == top));
                var field = step.Fields.Single(f => f.Name == top);
                Assert.True(FormValidator.IsVisible(form, step.VisibleWhen, values) && FormValidator.IsVisible(form, field.VisibleWhen, values), $"{error.Path} is hidden but reported");
                if (field.Kind == FieldKind.Group && error.Path.IndexOf("].", StringComparison.Ordinal) is > 0 and var end)
                {
                    var item = error.Path[..(end + 1)];
                    var sub = field.Fields.Single(f => f.Name == error.Path[(end + 2)..].Split('.')[0]);
                    Assert.True(FormValidator.IsVisibleInItem(form, field, sub.VisibleWhen, item, values), $"{error.Path} is hidden in its item but reported");
                    if (sub.VisibleWhen is { } own && field.Fields.FirstOrDefault(f => f.Name == own.Field) is { } sibling)
                    {
                        Assert.True(FormValidator.IsVisibleInItem(form, field, sibling.VisibleWhen, item, values));
                    }
                }
                if (field.VisibleWhen is { } condition)
                {
                    var parentStep = form.Steps.Single(s => s.Fields.Any(f => f.Name == condition.Field));
                    var parent = parentStep.Fields.Single(f => f.Name == condition.Field);
                    Assert.True(FormValidator.IsVisible(form, parentStep.VisibleWhen, values) && FormValidator.IsVisible(form, parent.VisibleWhen, values));
                }
            }
        }, iter: 400);
    }

    [Fact]
    public void A_value_left_in_a_hidden_field_shows_nothing_that_depends_on_it()
    {
        var form = new FormDefinition
        {
            Code = "retez",
            Version = 1,
            Agenda = "filing",
            Title = new LocalText("Řetěz"),
            Steps =
            [
                new FormStep("a", new LocalText("A"), [
                    new FormField { Name = "mam", Kind = FieldKind.YesNo, Label = new LocalText("Mám psa"), Required = true },
                    new FormField { Name = "druh", Kind = FieldKind.Choice, Label = new LocalText("Druh"), VisibleWhen = new Condition("mam", ["yes"]), Options = [new FieldOption("velky", new LocalText("Velký")), new FieldOption("maly", new LocalText("Malý"))] },
                    new FormField { Name = "vaha", Kind = FieldKind.Number, Label = new LocalText("Váha"), Required = true, VisibleWhen = new Condition("druh", ["velky"]) },
                ]),
            ],
        };
        Assert.Empty(FormDefinitionRules.Check(form, publishing: true));

        // "druh" still holds "velky" from before, but the person answered "no": "vaha" is hidden, so not required.
        var errors = FormValidator.ValidateAll(form, new Dictionary<string, string> { ["mam"] = "no", ["druh"] = "velky" });
        Assert.Empty(errors);
        Assert.Contains(FormValidator.ValidateAll(form, new Dictionary<string, string> { ["mam"] = "yes", ["druh"] = "velky" }), e => e.Path == "vaha");
    }

    [Fact]
    public void A_hostile_or_broken_definition_is_refused_with_where_and_why()
    {
        var good = Shipped_("poplatek-psi");
        var first = good.Steps[0];
        FormDefinition With(params FormStep[] steps) => good with { Steps = steps, FeeRegistration = null };

        // Two fields with one key.
        Assert.Contains("steps[0].fields[1].name", Problems(With(first with { Fields = [first.Fields[0], first.Fields[0]] })));

        // A condition on a field the form does not have, on itself, on a text field, with a value the field does not offer.
        var text = new FormField { Name = "t", Kind = FieldKind.Text, Label = new LocalText("T") };
        var yes = new FormField { Name = "y", Kind = FieldKind.YesNo, Label = new LocalText("Y") };
        Assert.Contains("steps[0].fields[0].visibleWhen", Problems(With(new FormStep("a", new LocalText("A"), [text with { VisibleWhen = new Condition("nic", ["x"]) }]))));
        Assert.Contains("steps[0].fields[0].visibleWhen", Problems(With(new FormStep("a", new LocalText("A"), [yes with { VisibleWhen = new Condition("y", ["yes"]) }]))));
        Assert.Contains("steps[0].fields[1].visibleWhen", Problems(With(new FormStep("a", new LocalText("A"), [text, yes with { VisibleWhen = new Condition("t", ["x"]) }]))));
        Assert.Contains("steps[0].fields[1].visibleWhen", Problems(With(new FormStep("a", new LocalText("A"), [yes, text with { VisibleWhen = new Condition("y", ["maybe"]) }]))));

        // A cycle: each of two questions shown only when the other is answered.
        var cycle = Problems(With(new FormStep("a", new LocalText("A"), [yes with { VisibleWhen = new Condition("z", ["yes"]) }, yes with { Name = "z", VisibleWhen = new Condition("y", ["yes"]) }])));
        Assert.Contains("steps", cycle);

        // A step shown by a field of its own or a later step.
        Assert.Contains("steps[0].visibleWhen", Problems(With(new FormStep("a", new LocalText("A"), [yes]) { VisibleWhen = new Condition("y", ["yes"]) })));

        // A group in a group, a pattern that is not a regular expression, an unknown agenda and code, too many steps.
        var nested = new FormField { Name = "g", Kind = FieldKind.Group, Label = new LocalText("G"), Fields = [new FormField { Name = "h", Kind = FieldKind.Group, Label = new LocalText("H"), Fields = [text] }] };
        Assert.Contains("steps[0].fields[0].fields[0].kind", Problems(With(new FormStep("a", new LocalText("A"), [nested]))));
        Assert.Contains("steps[0].fields[0].pattern", Problems(With(new FormStep("a", new LocalText("A"), [text with { Pattern = "([a-z" }]))));
        Assert.Contains("agenda", Problems(good with { Agenda = "tajna" }));
        Assert.Contains("code", Problems(good with { Code = "Velká Písmena" }));
        Assert.Contains("steps", Problems(With([.. Enumerable.Range(0, 21).Select(i => new FormStep($"k{i}", new LocalText("K"), [text with { Name = $"t{i}" }]))])));

        // An empty step may be saved while editing, never published.
        Assert.DoesNotContain("steps[0].fields", Problems(With(new FormStep("a", new LocalText("A"), []))));
        Assert.Contains("steps[0].fields", Problems(With(new FormStep("a", new LocalText("A"), [])), publishing: true));
    }

    [Fact]
    public void Json_that_is_not_a_definition_is_refused_before_the_rules()
    {
        Assert.Null(FormDefinitionJson.Import("{ \"code\": \"x\", \"unknown\": 1 }").Definition);
        Assert.Null(FormDefinitionJson.Import("[1, 2, 3]").Definition);
        Assert.Null(FormDefinitionJson.Import("{ \"code\": ").Definition);
        Assert.Null(FormDefinitionJson.Import(new string('[', 100) + new string(']', 100)).Definition);
        var (big, tooBig) = FormDefinitionJson.Import("{\"code\":\"" + new string('a', FormDefinitionJson.MaxBytes) + "\"}");
        Assert.Null(big);
        Assert.Contains("256 kB", tooBig.Single().Message.Cs);

        var (_, unknown) = FormDefinitionJson.Import(FormDefinitionJson.Export(Shipped_("obecne-podani")).Replace("\"kind\": \"Text\"", "\"kind\": \"Rocket\"", StringComparison.Ordinal));
        Assert.NotEmpty(unknown);
    }

    [Theory]
    [InlineData("850412/0009", true)]
    [InlineData("8504120009", true)]
    [InlineData("850412/0008", false)]
    [InlineData("855412/0003", true)] // a woman: month + 50
    [InlineData("851312/0000", false)] // month 13
    [InlineData("540101/123", false)] // nine digits only before 1954
    [InlineData("520101/123", true)]
    [InlineData("042301/0005", true)] // from 2004 the month may carry + 20
    [InlineData("036301/0010", false)] // before 2004 it may not
    [InlineData("abc", false)]
    public void Birth_numbers(string value, bool valid) => Assert.Equal(valid, CzechIds.IsBirthNumber(value));

    [Fact]
    public void Company_ids_bank_accounts_postcodes_and_data_boxes()
    {
        Assert.True(CzechIds.IsCompanyId("25596641"));
        Assert.False(CzechIds.IsCompanyId("25596642"));
        Assert.False(CzechIds.IsCompanyId("2559664x"));
        Assert.True(CzechIds.IsBankAccount("19-2000145399/0800"));
        Assert.False(CzechIds.IsBankAccount("19-2000145398/0800"));
        Assert.True(CzechIds.IsPostcode("110 00"));
        Assert.True(CzechIds.IsPostcode("11000"));
        Assert.False(CzechIds.IsPostcode("010 00"));
        Assert.True(CzechIds.IsDataBox("abc2def"));
        Assert.True(CzechIds.IsDataBox("ABC2DEF"));
        Assert.False(CzechIds.IsDataBox("abc2de"));

        // Any seven digits with the computed check digit are an IČO; any other last digit is not.
        Gen.Int[0, 9_999_999].Sample(n =>
        {
            var head = n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            var sum = head.Select((c, i) => (c - '0') * (8 - i)).Sum();
            var check = (11 - (sum % 11)) % 10;
            Assert.True(CzechIds.IsCompanyId(head + check));
            Assert.False(CzechIds.IsCompanyId(head + ((check + 1) % 10)));
        });

        // Birth numbers: every ten-digit one the validator accepts is divisible by 11 (or the pre-1986 exception).
        Gen.Long[1_000_000_000L, 9_999_999_999L].Sample(n =>
        {
            var s = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (CzechIds.IsBirthNumber(s))
            {
                Assert.True(n % 11 == 0 || (n / 10 % 11 == 10 && s[9] == '0'));
            }
        });
    }

    [Fact]
    public void A_text_field_checked_as_a_birth_number_says_so_in_its_error()
    {
        var form = new FormDefinition
        {
            Code = "rc",
            Version = 1,
            Agenda = "registry",
            Title = new LocalText("RČ"),
            Steps = [new FormStep("a", new LocalText("A"), [new FormField { Name = "rc", Kind = FieldKind.Text, Label = new LocalText("Rodné číslo"), Check = FieldCheck.BirthNumber, Required = true }])],
        };
        Assert.Equal(FieldErrorCode.NotABirthNumber, FormValidator.ValidateAll(form, new Dictionary<string, string> { ["rc"] = "850412/0008" }).Single().Code);
        Assert.Empty(FormValidator.ValidateAll(form, new Dictionary<string, string> { ["rc"] = "850412/0009" }));
    }

    [Fact]
    public void The_dog_form_reads_into_a_registration_through_its_mapping()
    {
        var data = FeeRegistrationReader.Read(Shipped_("poplatek-psi"), new Dictionary<string, string>
        {
            ["drzitel.name"] = "Tereza Testovací",
            ["drzitel.birthDate"] = "1980-02-15",
            ["adresa.street"] = "Lipová 12",
            ["adresa.city"] = "Město Demo",
            ["adresa.zip"] = "100 00",
            ["psi#count"] = "2",
            ["psi[0].jmeno"] = "Rex",
            ["psi[0].plemeno"] = "kříženec",
            ["psi[0].cip"] = "203164000123456",
            ["psi[0].od"] = "2026-03-01",
            ["psi[1].jmeno"] = "Bety",
            ["psi[1].plemeno"] = "jezevčík",
            ["psi[1].cip"] = "203164000654321",
            ["psi[1].od"] = "2026-05-01",
            ["psi[1].utulek"] = "yes",
            ["ulevy"] = "duchodce,ztp",
        })!;
        Assert.Equal("psi", data.Fee);
        Assert.Equal("Tereza Testovací", data.PayerName);
        Assert.Equal(new DateOnly(1980, 2, 15), data.PayerBirthDate);
        Assert.Equal("Lipová 12, 100 00 Město Demo", data.Address);
        Assert.Equal(new DateOnly(2026, 3, 1), data.From);
        Assert.True(data.Reduced);
        Assert.Equal("ztp", data.Exemption);
        Assert.Equal(["Rex (kříženec, 203164000123456)", "Bety (jezevčík, 203164000654321)"], data.Subjects.Select(s => s.Name));
        Assert.Equal([null, "utulek"], data.Subjects.Select(s => s.Exemption));
    }

    [Fact]
    public void The_waste_form_reads_persons_or_a_property()
    {
        var form = Shipped_("poplatek-odpad");
        var persons = FeeRegistrationReader.Read(form, new Dictionary<string, string>
        {
            ["poplatnik.name"] = "Jan Novák",
            ["duvod"] = "pobyt",
            ["od"] = "2026-01-01",
            ["adresa.street"] = "Lipová 12",
            ["adresa.city"] = "Město Demo",
            ["adresa.zip"] = "100 00",
            ["clenove#count"] = "1",
            ["clenove[0].jmeno"] = "Anna Nováková",
            ["clenove[0].narozen"] = "2022-06-01",
            ["clenove[0].osvobozeni"] = "dite",
        })!;
        Assert.False(persons.Property);
        Assert.Equal(["Jan Novák", "Anna Nováková"], persons.Subjects.Select(s => s.Name));
        Assert.Equal([null, "dite"], persons.Subjects.Select(s => s.Exemption));
        Assert.All(persons.Subjects, s => Assert.Equal(new DateOnly(2026, 1, 1), s.From));

        var property = FeeRegistrationReader.Read(form, new Dictionary<string, string>
        {
            ["poplatnik.name"] = "Jan Novák",
            ["duvod"] = "nemovitost",
            ["od"] = "2026-01-01",
            ["nemovitost.street"] = "Chatová",
            ["nemovitost.city"] = "Město Demo",
            ["nemovitost.zip"] = "100 00",
            ["evidencni"] = "12",
        })!;
        Assert.True(property.Property);
        Assert.Equal("Chatová, 100 00 Město Demo, č. p. 12", property.Address);
        Assert.Empty(property.Subjects);
        Assert.Null(FeeRegistrationReader.Read(Shipped_("obecne-podani"), new Dictionary<string, string>()));
    }

    [Fact]
    public void A_fee_mapping_to_fields_of_the_wrong_kind_or_to_exemptions_fees_does_not_know_is_refused()
    {
        var dog = Shipped_("poplatek-psi");
        var wrong = dog with { FeeRegistration = dog.FeeRegistration! with { Payer = "adresa", Subjects = dog.FeeRegistration.Subjects! with { BirthDate = "jmeno" } } };
        var paths = Problems(wrong);
        Assert.Contains("feeRegistration.payer", paths);
        Assert.Contains("feeRegistration.subjects.birthDate", paths);

        var terms = new Portal.Fees.Contracts.FeeRegistrationTerms(true, "Poplatek ze psů", true, false, true, ["utulek"], ["ztp"]);
        Assert.Empty(FeeMappingRules.CheckTerms(dog.FeeRegistration!, terms));
        var unknown = dog.FeeRegistration! with { Exemption = new ValueMap("ulevy", new Dictionary<string, string> { ["ztp"] = "vip" }) };
        Assert.Contains(FeeMappingRules.CheckTerms(unknown, terms), p => p.Path == "feeRegistration.exemption");
        Assert.Contains(FeeMappingRules.CheckTerms(dog.FeeRegistration!, terms with { Known = false }), p => p.Path == "feeRegistration.fee");
    }

    [Fact]
    public void The_changes_between_versions_read_as_sentences_and_a_draft_moved_keeps_what_still_fits()
    {
        var v1 = Shipped_("obecne-podani");
        var step = v1.Steps[0];
        var phone = new FormField { Name = "telefon-2", Kind = FieldKind.Phone, Label = new LocalText("Telefon pro zpětný kontakt", "Phone for a call back"), Required = true };
        var removed = step.Fields[^1];
        var v2 = v1 with { Version = 2, Steps = [step with { Fields = [.. step.Fields.Take(step.Fields.Count - 1), phone] }, .. v1.Steps.Skip(1)] };
        var changes = FormDiff.Describe(v1, v2).Select(c => c.Cs).ToList();
        Assert.Contains("Nové povinné pole „Telefon pro zpětný kontakt“.", changes);
        Assert.Contains(changes, c => c.StartsWith($"Pole „{removed.Label.Cs}“ bylo odebráno", StringComparison.Ordinal));

        var draft = Draft.Start(v1, Guid.NewGuid(), "Jana", "jana@example.cz", DateTimeOffset.UnixEpoch);
        draft.Values[removed.Name] = "something";
        var kept = draft.Values.Where(v => v.Key != removed.Name).ToList();
        draft.MoveTo(v1, v2, DateTimeOffset.UnixEpoch.AddHours(1));
        Assert.Equal(2, draft.FormVersion);
        Assert.DoesNotContain(removed.Name, draft.Values.Keys);
        Assert.All(kept, v => Assert.Equal(v.Value, draft.Values[v.Key]));
    }

    [Fact]
    public void A_field_of_a_group_item_can_depend_on_an_answer_in_the_same_item()
    {
        var dogs = new FormField
        {
            Name = "psi",
            Kind = FieldKind.Group,
            Label = new LocalText("Pes"),
            MinItems = 1,
            MaxItems = 5,
            Fields =
            [
                new FormField { Name = "jmeno", Kind = FieldKind.Text, Label = new LocalText("Jméno"), Required = true },
                new FormField { Name = "utulek", Kind = FieldKind.YesNo, Label = new LocalText("Z útulku") },
                new FormField { Name = "utulekNazev", Kind = FieldKind.Text, Label = new LocalText("Který útulek"), Required = true, VisibleWhen = new Condition("utulek", ["yes"]) },
            ],
        };
        var form = new FormDefinition { Code = "psi-utulek", Version = 1, Agenda = "fees", Title = new LocalText("Psi"), Steps = [new FormStep("a", new LocalText("A"), [dogs])] };
        Assert.Empty(FormDefinitionRules.Check(form, publishing: true));

        // Each dog on its own: the first from a shelter must name it, the second not.
        var errors = FormValidator.ValidateAll(form, new Dictionary<string, string>
        {
            ["psi#count"] = "2",
            ["psi[0].jmeno"] = "Rex",
            ["psi[0].utulek"] = "yes",
            ["psi[1].jmeno"] = "Bety",
            ["psi[1].utulek"] = "no",
        });
        Assert.Equal(["psi[0].utulekNazev"], errors.Select(e => e.Path));

        // A field of the item cannot depend on one after it.
        var later = form with { Steps = [new FormStep("a", new LocalText("A"), [dogs with { Fields = [dogs.Fields[2], dogs.Fields[0], dogs.Fields[1]] }])] };
        Assert.Contains("steps[0].fields[0].fields[0].visibleWhen", Problems(later));
    }
}

/// <summary>A condition takes the words the form manager sees ("Ano", an option's label) and stores the form's values.</summary>
public sealed class ConditionWordsTests
{
    [Fact]
    public void Ano_Ne_and_option_labels_become_the_forms_values_and_unknown_words_stay_for_the_rules_to_refuse()
    {
        var yesNo = new Portal.Forms.Domain.FormField { Name = "mam", Kind = Portal.Forms.Domain.FieldKind.YesNo, Label = new Portal.Forms.Domain.LocalText("Mám psa") };
        var choice = new Portal.Forms.Domain.FormField
        {
            Name = "druh",
            Kind = Portal.Forms.Domain.FieldKind.Choice,
            Label = new Portal.Forms.Domain.LocalText("Druh"),
            Options = [new Portal.Forms.Domain.FieldOption("velky", new Portal.Forms.Domain.LocalText("Velký pes", "Big dog")), new Portal.Forms.Domain.FieldOption("maly", new Portal.Forms.Domain.LocalText("Malý pes"))],
        };
        var form = new Portal.Forms.Domain.FormDefinition
        {
            Code = "slova",
            Version = 1,
            Agenda = "filing",
            Title = new Portal.Forms.Domain.LocalText("Slova"),
            Steps =
            [
                new Portal.Forms.Domain.FormStep("a", new Portal.Forms.Domain.LocalText("A"),
                [
                    yesNo,
                    choice with { VisibleWhen = new Portal.Forms.Domain.Condition("mam", ["Ano"]) },
                    new Portal.Forms.Domain.FormField { Name = "vaha", Kind = Portal.Forms.Domain.FieldKind.Number, Label = new Portal.Forms.Domain.LocalText("Váha"), VisibleWhen = new Portal.Forms.Domain.Condition("druh", ["velký PES", "big dog", "nevím"]) },
                ]),
            ],
        };

        var resolved = Portal.Forms.Domain.ConditionWords.Resolve(form);
        var fields = resolved.Steps[0].Fields;
        Assert.Equal(["yes"], fields[1].VisibleWhen!.In);
        Assert.Equal(["velky", "nevím"], fields[2].VisibleWhen!.In);
        Assert.Equal("Ano", Portal.Forms.Domain.ConditionWords.WordOf(yesNo, "yes"));
        Assert.Equal(["Ano", "Ne"], Portal.Forms.Domain.ConditionWords.Words(yesNo));
        Assert.Equal(resolved, Portal.Forms.Domain.ConditionWords.Resolve(resolved) with { }, new DefinitionJsonComparer());
    }

    private sealed class DefinitionJsonComparer : IEqualityComparer<Portal.Forms.Domain.FormDefinition>
    {
        public bool Equals(Portal.Forms.Domain.FormDefinition? x, Portal.Forms.Domain.FormDefinition? y) =>
            Portal.Forms.Domain.FormDefinitionJson.Export(x!) == Portal.Forms.Domain.FormDefinitionJson.Export(y!);

        public int GetHashCode(Portal.Forms.Domain.FormDefinition obj) => 0;
    }
}
