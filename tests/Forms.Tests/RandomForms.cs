using Portal.Forms.Domain;

namespace Portal.Forms.Tests;

/// <summary>
/// Form definitions as a form manager could build them, made from a seed: every kind of field, repeatable groups,
/// options, limits, Czech checks, patterns, conditions on fields and steps (always to a choice shown earlier), labels
/// with markup and Czech letters. Attachments are optional (test data never makes up files).
/// </summary>
internal static class RandomForms
{
    private static readonly FieldKind[] Kinds = Enum.GetValues<FieldKind>();
    private static readonly FieldKind[] InGroup = [FieldKind.Text, FieldKind.LongText, FieldKind.Number, FieldKind.Money, FieldKind.Date, FieldKind.Email, FieldKind.Phone, FieldKind.Choice, FieldKind.YesNo, FieldKind.Static];
    private static readonly string[] Words = ["Jméno", "Příjmení", "<b>tučně</b>", "Adresa & PSČ", "\"uvozovky\"", "Číslo", "Žluťoučký kůň", "<script>alert(1)</script>", "Datum", "Poznámka"];

    public static FormDefinition Make(int seed)
    {
        var random = new Random(seed);
        var n = 0;
        var choices = new List<(FormField Field, int Step)>();
        var steps = new List<FormStep>();
        var stepCount = random.Next(1, 5);
        for (var s = 0; s < stepCount; s++)
        {
            var fields = new List<FormField>();
            var fieldCount = random.Next(1, 6);
            for (var f = 0; f < fieldCount; f++)
            {
                var field = Field(random, Kinds[random.Next(Kinds.Length)], ref n, inGroup: false);
                if (choices.Count > 0 && random.Next(3) == 0)
                {
                    field = field with { VisibleWhen = ConditionOn(random, choices[random.Next(choices.Count)].Field) };
                }

                if (field.Kind is FieldKind.Choice or FieldKind.MultiChoice or FieldKind.YesNo)
                {
                    choices.Add((field, s));
                }

                fields.Add(field);
            }

            var earlier = choices.Where(c => c.Step < s).ToList();
            var condition = earlier.Count > 0 && random.Next(3) == 0 ? ConditionOn(random, earlier[random.Next(earlier.Count)].Field) : null;
            steps.Add(new FormStep($"krok-{s + 1}", new LocalText(Word(random) + " " + (s + 1), "Step " + (s + 1)), fields) { VisibleWhen = condition });
        }

        return new FormDefinition
        {
            Code = $"nahodny-{(uint)seed % 100000}",
            Version = 1,
            Agenda = "filing",
            Title = new LocalText("Náhodný formulář " + Word(random), "Random form"),
            Description = random.Next(2) == 0 ? null : new LocalText(Word(random), null),
            Steps = steps,
        };
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static Condition ConditionOn(Random random, FormField field)
    {
        var values = field.Kind == FieldKind.YesNo ? ["yes", "no"] : field.Options.Select(o => o.Value).ToList();
        var chosen = values.Where(_ => random.Next(2) == 0).ToList();
        return new Condition(field.Name, chosen.Count == 0 ? [values[0]] : chosen);
    }

    private static FormField Field(Random random, FieldKind kind, ref int n, bool inGroup)
    {
        n++;
        var field = new FormField
        {
            Name = $"pole{n}",
            Kind = kind,
            Label = new LocalText($"{Word(random)} {n}", random.Next(2) == 0 ? null : $"Field {n}"),
            Hint = random.Next(3) == 0 ? new LocalText("Nápověda <i>k poli</i>", "Help") : null,
            Required = kind is not (FieldKind.Static or FieldKind.Group or FieldKind.Attachment) && random.Next(2) == 0,
        };
        switch (kind)
        {
            case FieldKind.Text:
                var check = (FieldCheck)random.Next(0, 6);
                field = check != FieldCheck.None
                    ? field with { Check = check }
                    : random.Next(3) == 0
                        ? field with { Pattern = "^[0-9]{4,5}$", PatternMessage = new LocalText("Čtyři nebo pět číslic.", "Four or five digits.") }
                        : field with { MinLength = random.Next(0, 4), MaxLength = random.Next(10, 60) };
                break;
            case FieldKind.LongText:
                field = field with { MinLength = random.Next(0, 30) };
                break;
            case FieldKind.Number or FieldKind.Money:
                var min = random.Next(-100, 100);
                field = field with { Min = min, Max = min + random.Next(1, 1000) };
                break;
            case FieldKind.Choice or FieldKind.MultiChoice:
                field = field with { Options = Enumerable.Range(1, random.Next(1, 5)).Select(i => new FieldOption($"o{i}", new LocalText($"Možnost {i} <em>x</em>", $"Option {i}"))).ToList() };
                break;
            case FieldKind.Attachment:
                field = field with { Accept = random.Next(2) == 0 ? ["pdf", "jpg"] : [], MaxSizeMb = random.Next(2) == 0 ? random.Next(1, 20) : null };
                break;
            case FieldKind.Static:
                field = field with { Text = new LocalText("Pokyny: <a href=\"x\">odkaz</a>\n\nDruhý odstavec.", "Instructions.") };
                break;
            case FieldKind.Group when !inGroup:
                var minItems = random.Next(0, 3);
                var subs = new List<FormField>();
                var count = random.Next(1, 4);
                for (var i = 0; i < count; i++)
                {
                    var sub = Field(random, InGroup[random.Next(InGroup.Length)], ref n, inGroup: true);

                    // A field of the item shown by an answer in the same item (per dog: "from a shelter" → "which shelter").
                    var earlier = subs.Where(x => x.Kind is FieldKind.Choice or FieldKind.YesNo).ToList();
                    if (earlier.Count > 0 && random.Next(2) == 0)
                    {
                        sub = sub with { VisibleWhen = ConditionOn(random, earlier[random.Next(earlier.Count)]) };
                    }

                    subs.Add(sub);
                }

                field = field with { MinItems = minItems, MaxItems = minItems + random.Next(1, 4), Fields = subs };
                break;
            case FieldKind.Group:
                field = field with { Kind = FieldKind.Text };
                break;
            case FieldKind.Date when !inGroup && random.Next(4) == 0:
                field = field with { Prefill = Prefill.BirthDate };
                break;
            case FieldKind.Address when random.Next(2) == 0:
                field = field with { Prefill = Prefill.Address };
                break;
        }

        return field;
    }
}
