using System.Globalization;

namespace Portal.Forms.Domain;

/// <summary>
/// Test data for a form: a value for every field that its rules accept (lengths, ranges, options, Czech checks, a
/// pattern where one of a few usual shapes fits). The designer's preview fills it in; property tests send it.
/// Files are never made up: a required file field stays empty (the preview then shows its message).
/// </summary>
public static class SampleValues
{
    private static readonly string[] PatternCandidates = ["12345", "1234", "123456789012345", "1234/5", "A1", "abc", "ABC", "Abc def", "2026-01-01", "CZ12345678", "1"];

    public static Dictionary<string, string> For(FormDefinition form, Random random)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in form.TopFields)
        {
            Fill(field, field.Name, values, random);
        }

        return values;
    }

    private static void Fill(FormField field, string path, Dictionary<string, string> values, Random random)
    {
        switch (field.Kind)
        {
            case FieldKind.Static or FieldKind.Attachment:
                return;
            case FieldKind.Group:
                var count = Math.Clamp(Math.Max(field.MinItems, 1) + random.Next(0, 2), 0, field.MaxItems);
                values[path + FormValidator.CountSuffix] = count.ToString(CultureInfo.InvariantCulture);
                for (var i = 0; i < count; i++)
                {
                    foreach (var sub in field.Fields)
                    {
                        Fill(sub, $"{path}[{i}].{sub.Name}", values, random);
                    }
                }

                return;
            case FieldKind.Address:
                values[path + ".street"] = "Náměstí Míru 12";
                values[path + ".city"] = "Město Demo";
                values[path + ".zip"] = "110 00";
                return;
            case FieldKind.Person:
                values[path + ".name"] = "Jana Zkušební";
                values[path + ".birthDate"] = "1985-04-12";
                values[path + ".email"] = "jana.zkusebni@example.cz";
                return;
        }

        if (Value(field, random) is { } value)
        {
            values[path] = value;
        }
    }

    private static string? Value(FormField field, Random random)
    {
        switch (field.Kind)
        {
            case FieldKind.Number:
                {
                    var min = (long)Math.Ceiling(field.Min ?? 1);
                    var max = (long)Math.Floor(field.Max ?? Math.Max(min, 100));
                    return min > max ? null : (min + (long)(random.NextDouble() * (max - min))).ToString(CultureInfo.InvariantCulture);
                }

            case FieldKind.Money:
                {
                    var min = field.Min ?? 0;
                    var max = field.Max ?? Math.Max(min, 1000);
                    return min > max ? null : decimal.Round(min + ((max - min) * (decimal)random.NextDouble()), 2, MidpointRounding.ToZero).ToString("0.00", CultureInfo.GetCultureInfo("cs"));
                }

            case FieldKind.Date:
                return new DateOnly(2026, 1, 1).AddDays(random.Next(0, 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case FieldKind.Email:
                return Fit(field, "jana.zkusebni@example.cz");
            case FieldKind.Phone:
                return "+420 601 123 456";
            case FieldKind.YesNo:
                return random.Next(2) == 0 ? "yes" : "no";
            case FieldKind.Choice:
                return field.Options.Count == 0 ? null : field.Options[random.Next(field.Options.Count)].Value;
            case FieldKind.MultiChoice:
                return field.Options.Count == 0 ? null : string.Join(',', field.Options.Where((_, i) => i == 0 || random.Next(2) == 0).Select(o => o.Value));
        }

        var text = field.Check switch
        {
            FieldCheck.BirthNumber => "850412/0009",
            FieldCheck.CompanyId => "25596641",
            FieldCheck.Postcode => "110 00",
            FieldCheck.BankAccount => "19-2000145399/0800",
            FieldCheck.DataBox => "abc2def",
            _ => null,
        };
        if (text is not null)
        {
            return text;
        }

        if (field.Pattern is { } pattern)
        {
            return PatternCandidates.FirstOrDefault(c => Fits(field, c) && FormValidator.MatchesPattern(c, pattern));
        }

        return Fit(field, field.Kind == FieldKind.LongText ? "Zkušební text, který popisuje žádost podrobněji. " : "Zkušební text");
    }

    /// <summary>The text repeated or cut to the field's length limits.</summary>
    private static string? Fit(FormField field, string text)
    {
        var min = field.MinLength ?? 0;
        var max = field.MaxLength ?? (field.Kind == FieldKind.LongText ? 4000 : 200);
        if (min > max || max < 1)
        {
            return null;
        }

        while (text.Length < min)
        {
            text += " " + text;
        }

        text = text.Length > max ? text[..max].TrimEnd() : text;
        return text.Length < min || text.Length == 0 ? new string('a', Math.Max(min, 1)) : text;
    }

    private static bool Fits(FormField field, string value) =>
        value.Length >= (field.MinLength ?? 0) && value.Length <= (field.MaxLength ?? 200);
}
