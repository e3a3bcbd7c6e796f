using System.Globalization;
using CsCheck;
using Portal.Shared.Validation;
using Portal.Forms.Domain;
using Portal.Shared.Files;

namespace Portal.Forms.Tests;

/// <summary>Form definitions and their rules, without a database.</summary>
public sealed class FormRulesTests
{
    private static readonly FormCatalog Catalog = FormCatalog.FromEmbeddedDefinitions();

    private static FormDefinition Form(string code) => Catalog.Newest(code)!;

    [Fact]
    public void The_five_forms_load_with_well_formed_fields()
    {
        Assert.Equal(["kaceni-drevin", "matrika-duplikat", "obecne-podani", "poplatek-odpad", "poplatek-psi"], Catalog.Latest.Select(f => f.Code).Order());
        foreach (var form in Catalog.Latest)
        {
            var fields = form.Steps.SelectMany(s => s.Fields).ToList();
            Assert.Equal(fields.Count, fields.Select(f => f.Name).Distinct().Count());
            Assert.All(fields.Where(f => f.Kind is FieldKind.Choice or FieldKind.MultiChoice), f => Assert.NotEmpty(f.Options));
            Assert.All(fields.Where(f => f.Kind == FieldKind.Group), f => Assert.NotEmpty(f.Fields));
            Assert.All(fields, f => Assert.False(string.IsNullOrEmpty(f.Label.En), $"{form.Code}.{f.Name} has no English label"));
            Assert.All(fields.Where(f => f.VisibleWhen is not null), f => Assert.Contains(fields, g => g.Name == f.VisibleWhen!.Field));
        }
    }

    [Fact]
    public void Required_fields_of_a_step_are_reported_by_path()
    {
        var form = Form("poplatek-psi");
        var errors = FormValidator.ValidateStep(form, form.Steps[1], new Dictionary<string, string>());
        Assert.Contains(errors, e => e.Path == "psi[0].jmeno" && e.Code == FieldErrorCode.Required);
        Assert.Contains(errors, e => e.Path == "psi[0].cip" && e.Code == FieldErrorCode.Required);
    }

    [Fact]
    public void Repeated_items_are_checked_each()
    {
        var form = Form("poplatek-psi");
        var values = new Dictionary<string, string>
        {
            ["psi#count"] = "2",
            ["psi[0].jmeno"] = "Rex",
            ["psi[0].plemeno"] = "kříženec",
            ["psi[0].cip"] = "203164000123456",
            ["psi[0].od"] = "2026-03-01",
            ["psi[1].jmeno"] = "Bety",
            ["psi[1].plemeno"] = "jezevčík",
            ["psi[1].cip"] = "12345",
            ["psi[1].od"] = "1.3.2026",
        };
        var errors = FormValidator.ValidateStep(form, form.Steps[1], values);
        Assert.Equal(["psi[1].cip", "psi[1].od"], errors.Select(e => e.Path).Order());
        Assert.Equal(FieldErrorCode.PatternMismatch, errors.Single(e => e.Path == "psi[1].cip").Code);
    }

    [Fact]
    public void A_hidden_step_or_field_is_not_required()
    {
        var form = Form("poplatek-odpad");
        var values = new Dictionary<string, string> { ["poplatnik.name"] = "Jana", ["duvod"] = "pobyt", ["od"] = "2026-01-01", ["adresa.street"] = "Lipová 1", ["adresa.city"] = "Demo", ["adresa.zip"] = "100 00", ["clenove#count"] = "0" };
        Assert.Empty(FormValidator.ValidateAll(form, values));
        values["duvod"] = "nemovitost";
        Assert.Contains(FormValidator.ValidateAll(form, values), e => e.Path == "nemovitost.street");
    }

    [Fact]
    public void A_conditional_attachment_is_required_only_when_its_condition_holds()
    {
        var form = Form("kaceni-drevin");
        var step = form.Steps[2];
        Assert.Empty(FormValidator.ValidateStep(form, step, new Dictionary<string, string> { ["vlastnik"] = "yes" }));
        Assert.Single(FormValidator.ValidateStep(form, step, new Dictionary<string, string> { ["vlastnik"] = "no" }));
    }

    [Theory]
    [InlineData("1 250,50", 1250.50)]
    [InlineData("1250.5", 1250.5)]
    [InlineData("-3", -3)]
    public void Numbers_are_read_with_a_decimal_comma_or_point(string text, double expected)
    {
        Assert.True(CzechNumber.TryParse(text, out var number));
        Assert.Equal((decimal)expected, number);
    }

    [Fact]
    public void Any_amount_written_the_Czech_way_reads_back_with_or_without_its_currency() =>
        Gen.Select(Gen.Decimal[-1_000_000m, 1_000_000m].Select(d => decimal.Round(d, 2)), Gen.OneOf(Gen.Const(""), Gen.Const(" Kč"), Gen.Const("\u00a0Kč"), Gen.Const(" CZK")))
            .Sample((d, currency) =>
                CzechNumber.TryParseAmount(d.ToString("N2", CultureInfo.GetCultureInfo("cs-CZ")) + currency, out var read) && read == d
                && CzechNumber.TryParse(d.ToString("N2", CultureInfo.GetCultureInfo("cs-CZ")), out var plain) && plain == d);

    [Theory]
    [InlineData("1\u202f350,00 Kč", 1350)] // the narrow no-break space some locales group with
    [InlineData("\u22125,50", -5.5)] // the typographic minus
    [InlineData(" 600 czk ", 600)]
    public void Amounts_are_read_as_people_copy_them(string text, double expected)
    {
        Assert.True(CzechNumber.TryParseAmount(text, out var amount));
        Assert.Equal((decimal)expected, amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Kč")]
    [InlineData("1,2,3")]
    [InlineData("12 Kč 50")]
    [InlineData("1e5")]
    [InlineData("0x10")]
    public void What_is_no_amount_is_refused(string text) => Assert.False(CzechNumber.TryParseAmount(text, out _));

    [Fact]
    public void A_plain_number_takes_no_currency() => Assert.False(CzechNumber.TryParse("600 Kč", out _));

    [Fact]
    public void The_validator_never_throws_on_any_values() =>
        Gen.Dictionary(Gen.OneOf("psi#count", "psi[0].cip", "psi[0].od", "drzitel.name", "adresa.zip", "ulevy", "psi[3].jmeno"), Gen.String[0, 30])[0, 7]
            .Sample(generated =>
            {
                var values = (IReadOnlyDictionary<string, string>)generated;
                var form = Form("poplatek-psi");
                _ = FormValidator.ValidateAll(form, values);
                _ = FormValidator.KnownValues(form, values);
            });

    [Fact]
    public void Values_a_form_does_not_know_are_dropped()
    {
        var form = Form("matrika-duplikat");
        var known = FormValidator.KnownValues(form, new Dictionary<string, string> { ["druh"] = "rodny", ["admin"] = "true", ["zadatel.name"] = "Jan" });
        Assert.Equal(["druh", "zadatel.name"], known.Keys.Order());
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "zadost.pdf", "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "foto.PNG", "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "foto.jpeg", "image/jpeg")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "souhlas.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, "souhlas.pdf", null)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "souhlas.pdf", null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "archiv.zip", null)]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C }, "stranka.html", null)]
    public void File_kinds_come_from_the_content_and_must_match_the_name(byte[] head, string name, string? expected) =>
        Assert.Equal(expected, FileSniffer.Sniff(head, name));

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\jana\\souhlas vlastníka.pdf", "souhlas vlastníka.pdf")]
    [InlineData("\"", "priloha")]
    public void Attachment_names_keep_only_the_file_name(string given, string kept) => Assert.Equal(kept, FileSniffer.SafeName(given));
}

/// <summary>The upload checks: names people see, zip bombs, programs in documents, PDFs that are also web pages.</summary>
public sealed class UploadCheckTests
{
    [Fact]
    public void A_cleaned_file_name_has_no_control_or_invisible_format_character_and_no_path() =>
        CsCheck.Gen.String.Select(CsCheck.Gen.Char["\u202E\u202D\u200E\u200F\u2066\u2067\u2068\u2069\u061C\u200B\0\r\n\t/\\abc.pdf"].Array[0, 10])
            .Sample((name, extra) =>
            {
                var clean = Portal.Shared.Files.FileSniffer.SafeName(name + new string(extra));
                return clean.Length is > 0 and <= 120
                    && !clean.Any(c => char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                    && !clean.Contains('/', StringComparison.Ordinal) && !clean.Contains('\\', StringComparison.Ordinal);
            });

    [Fact]
    public void A_right_to_left_override_cannot_disguise_the_extension() =>
        Assert.Equal("fakturagpj.pdf", Portal.Shared.Files.FileSniffer.SafeName("faktura\u202Egpj.pdf"));

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public void An_office_document_is_accepted_but_not_a_zip_bomb_a_program_inside_or_macros()
    {
        var xml = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document/>");
        Assert.NotNull(Portal.Shared.Files.FileSniffer.Check(Zip(("[Content_Types].xml", xml), ("word/document.xml", xml)), "zadost.docx"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check(Zip(("word/document.xml", new byte[60 * 1024 * 1024])), "bomba.docx"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check(Zip(("word/document.xml", xml), ("word/media/image1.png", [0x4D, 0x5A, 0x90, 0x00, 0x03])), "program.docx"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check(Zip(("word/document.xml", xml), ("setup.exe", xml)), "program.docx"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check(Zip(("word/document.xml", xml), ("word/vbaProject.bin", xml)), "makra.docx"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02], "rozbity.docx"));
    }

    [Fact]
    public void A_PDF_that_is_also_a_web_page_is_refused()
    {
        Assert.NotNull(Portal.Shared.Files.FileSniffer.Check(System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"), "a.pdf"));
        Assert.Null(Portal.Shared.Files.FileSniffer.Check(System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF"), "a.pdf"));
    }
}

/// <summary>A designer's hostile pattern and many values cannot hold a validation for seconds: the time is bounded per validation.</summary>
public sealed class PatternBudgetTests
{
    private static Portal.Forms.Domain.FormDefinition HostileForm(int fields) => new()
    {
        Code = "zly-vzor",
        Version = 1,
        Agenda = "filing",
        Title = new Portal.Forms.Domain.LocalText("Zlý vzor"),
        Steps =
        [
            new Portal.Forms.Domain.FormStep("a", new Portal.Forms.Domain.LocalText("A"), Enumerable.Range(0, fields).Select(i => new Portal.Forms.Domain.FormField
            {
                Name = "pole" + i,
                Kind = Portal.Forms.Domain.FieldKind.Text,
                Label = new Portal.Forms.Domain.LocalText("Pole " + i),
                Pattern = "^(a+)+$",
            }).ToList()),
        ],
    };

    [Fact]
    public void Once_a_validations_pattern_time_is_spent_the_remaining_patterns_are_not_run_and_count_as_not_matching()
    {
        var form = HostileForm(100);
        var values = Enumerable.Range(0, 100).ToDictionary(i => "pole" + i, _ => new string('a', 28) + "!");

        // A clock that moves 100 ms at each reading, so each match is counted as 100 ms: 300 ms hold three matches.
        long now = 0;
        using var budget = Portal.Forms.Domain.PatternBudget.Enter(TimeSpan.FromMilliseconds(300), () => now += System.Diagnostics.Stopwatch.Frequency / 10);
        var errors = Portal.Forms.Domain.FormValidator.ValidateAll(form, values);

        Assert.Equal(3, budget.Matches);
        Assert.Equal(100, errors.Count(e => e.Code == Portal.Forms.Domain.FieldErrorCode.PatternMismatch));
    }

    [Fact]
    public void A_budget_is_one_per_validation_and_a_matching_value_still_matches()
    {
        var form = HostileForm(2);
        Assert.Empty(Portal.Forms.Domain.FormValidator.ValidateAll(form, new Dictionary<string, string> { ["pole0"] = "aaa", ["pole1"] = "a" }));
        Assert.Null(Portal.Forms.Domain.PatternBudget.Current);
    }
}

/// <summary>An error inside a repeated group names its item, whatever kind of error it is.</summary>
public sealed class ItemMessageTests
{
    [Fact]
    public void A_designers_pattern_message_inside_a_group_names_the_item_and_one_outside_stays_as_written()
    {
        var chip = new Portal.Forms.Domain.LocalText("Číslo čipu má 15 číslic.", "The chip number has 15 digits.");
        var form = new Portal.Forms.Domain.FormDefinition
        {
            Code = "psi-test",
            Version = 1,
            Agenda = "fees",
            Title = new Portal.Forms.Domain.LocalText("Psi"),
            Steps =
            [
                new Portal.Forms.Domain.FormStep("a", new Portal.Forms.Domain.LocalText("Psi"),
                [
                    new Portal.Forms.Domain.FormField { Name = "kod", Kind = Portal.Forms.Domain.FieldKind.Text, Label = new Portal.Forms.Domain.LocalText("Kód"), Pattern = "^[0-9]{3}$", PatternMessage = new Portal.Forms.Domain.LocalText("Kód má 3 číslice.") },
                    new Portal.Forms.Domain.FormField
                    {
                        Name = "psi",
                        Kind = Portal.Forms.Domain.FieldKind.Group,
                        Label = new Portal.Forms.Domain.LocalText("Pes"),
                        Fields = [new Portal.Forms.Domain.FormField { Name = "cip", Kind = Portal.Forms.Domain.FieldKind.Text, Label = new Portal.Forms.Domain.LocalText("Číslo čipu"), Pattern = "^[0-9]{15}$", PatternMessage = chip }],
                    },
                ]),
            ],
        };
        var errors = Portal.Forms.Domain.FormValidator.ValidateAll(form, new Dictionary<string, string> { ["kod"] = "12", ["psi#count"] = "2", ["psi[0].cip"] = "203164000123456", ["psi[1].cip"] = "2031" });
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("cs");
            var messages = Portal.Forms.Features.FormMessages.Describe(errors, new PassThrough(), form);
            Assert.Equal("Pes 2 – číslo čipu: Číslo čipu má 15 číslic.", Assert.Single(messages["psi[1].cip"]));
            Assert.Equal("Kód má 3 číslice.", Assert.Single(messages["kod"]));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private sealed class PassThrough : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.CurrentCulture, name, arguments));

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
