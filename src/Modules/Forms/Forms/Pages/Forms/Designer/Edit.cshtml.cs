using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Forms.Domain;
using Portal.Forms.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Pages.Forms.Designer;

/// <summary>
/// The form designer: the settings, steps and fields of the version being edited, the fee mapping, the definition as
/// JSON, and publishing. Every change is one post, checked whole before it is stored; a refused change shows why and
/// keeps what was typed.
/// </summary>
[Authorize(Roles = PortalRoles.FormManager)]
public sealed class EditModel(IMediator mediator, IStringLocalizer<FormsText> t) : PageModel
{
    public DesignView View { get; private set; } = default!;
    public FormDefinition Form => View.Working;
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public string? Status { get; private set; }

    /// <summary>Which step's field editor is open (and for which field, in which group), or which step's settings.</summary>
    public string? EditStep { get; private set; }
    public string? EditGroup { get; private set; }
    public string? EditField { get; private set; }
    public bool Adding { get; private set; }
    public string? StepSettings { get; private set; }

    [BindProperty]
    public FieldInput Field { get; set; } = new();

    [BindProperty]
    public FeeInput Fee { get; set; } = new();

    public string? Json { get; private set; }

    private CurrentUser Me => CurrentUser.From(User)!;

    public async Task<IActionResult> OnGetAsync(string code, string? step, string? field, string? group, string? stepSettings, string? status, CancellationToken ct)
    {
        await Load(code, ct);
        Status = status;
        StepSettings = stepSettings;
        if (step is not null && Form.Steps.Any(s => s.Id == step))
        {
            EditStep = step;
            EditGroup = group;
            var existing = field is null ? null : Fields(step, group).FirstOrDefault(f => f.Name == field);
            EditField = existing?.Name;
            Adding = existing is null;
            Field = existing is null ? new FieldInput { Kind = nameof(FieldKind.Text) } : FieldInput.From(existing);
        }

        Fee = FeeInput.Of(Form.FeeRegistration);
        return Page();
    }

    public Task<IActionResult> OnPostSettingsAsync(string code, int revision, string? titleCs, string? titleEn, string? descriptionCs, string? descriptionEn, string? agenda, CancellationToken ct) =>
        Edit(code, revision, f => f with
        {
            Title = new LocalText(titleCs?.Trim() ?? string.Empty, Blank(titleEn)),
            Description = string.IsNullOrWhiteSpace(descriptionCs) ? null : new LocalText(descriptionCs.Trim(), Blank(descriptionEn)),
            Agenda = agenda ?? string.Empty,
        }, "settings", ct);

    public Task<IActionResult> OnPostAddRuleAsync(string code, int revision, string? ruleField, string? ruleValues, string? ruleAgenda, CancellationToken ct) =>
        Edit(code, revision, f => f with { AgendaRules = [.. f.AgendaRules, new AgendaRule(ruleField ?? string.Empty, Values(ruleValues), ruleAgenda ?? string.Empty)] }, "rule", ct);

    public Task<IActionResult> OnPostRemoveRuleAsync(string code, int revision, int index, CancellationToken ct) =>
        Edit(code, revision, f => f with { AgendaRules = f.AgendaRules.Where((_, i) => i != index).ToList() }, "rule", ct);

    public Task<IActionResult> OnPostAddStepAsync(string code, int revision, string? stepTitleCs, string? stepTitleEn, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.AddStep(f, new LocalText(stepTitleCs?.Trim() ?? string.Empty, Blank(stepTitleEn))), "step", ct);

    public Task<IActionResult> OnPostStepAsync(string code, int revision, string stepId, string? stepTitleCs, string? stepTitleEn, string? condField, string? condValues, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.UpdateStep(f, stepId, new LocalText(stepTitleCs?.Trim() ?? string.Empty, Blank(stepTitleEn)), Condition(condField, condValues)), "step", ct,
            () => StepSettings = stepId);

    public Task<IActionResult> OnPostMoveStepAsync(string code, int revision, string stepId, int delta, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.MoveStep(f, stepId, Math.Sign(delta)), "step", ct);

    public Task<IActionResult> OnPostRemoveStepAsync(string code, int revision, string stepId, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.RemoveStep(f, stepId), "step", ct);

    public Task<IActionResult> OnPostFieldAsync(string code, int revision, string stepId, string? group, string? original, CancellationToken ct)
    {
        var (field, errors) = Field.Build(t);
        if (field is null)
        {
            return Refuse(code, errors, ct, () => (EditStep, EditGroup, EditField, Adding) = (stepId, Blank(group), Blank(original), original is null));
        }

        return Edit(code, revision, f => DesignEdits.PutField(f, stepId, Blank(group), Blank(original), field), "field", ct,
            () => (EditStep, EditGroup, EditField, Adding) = (stepId, Blank(group), Blank(original), string.IsNullOrEmpty(original)));
    }

    public Task<IActionResult> OnPostMoveFieldAsync(string code, int revision, string stepId, string? group, string name, int delta, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.MoveField(f, stepId, Blank(group), name, Math.Sign(delta)), "field", ct);

    public Task<IActionResult> OnPostRemoveFieldAsync(string code, int revision, string stepId, string? group, string name, CancellationToken ct) =>
        Edit(code, revision, f => DesignEdits.RemoveField(f, stepId, Blank(group), name), "field", ct);

    public Task<IActionResult> OnPostFeeAsync(string code, int revision, CancellationToken ct) =>
        Edit(code, revision, f => f with { FeeRegistration = Fee.Build() }, "fee", ct);

    public async Task<IActionResult> OnPostJsonAsync(string code, string? json, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new ImportDesign(json, Me, code), ct);
            return Redirect($"/Forms/Designer/Edit/{code}?status=json");
        }
        catch (ValidationFailedException e)
        {
            var page = await Refuse(code, e.Errors, ct);
            Json = json;
            return page;
        }
    }

    public async Task<IActionResult> OnPostPublishAsync(string code, int revision, CancellationToken ct)
    {
        try
        {
            var version = await mediator.Send(new PublishDesign(code, revision, Me), ct);
            return Redirect($"/Forms/Designer/Edit/{code}?status=published-{version}");
        }
        catch (ValidationFailedException e)
        {
            return await Refuse(code, e.Errors, ct);
        }
    }

    public async Task<IActionResult> OnPostDiscardAsync(string code, int revision, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new DiscardDesignDraft(code, revision, Me), ct);
            return Redirect($"/Forms/Designer/Edit/{code}?status=discarded");
        }
        catch (ValidationFailedException e)
        {
            return await Refuse(code, e.Errors, ct);
        }
    }

    public async Task<IActionResult> OnPostWithdrawnAsync(string code, bool withdrawn, bool confirmed, CancellationToken ct)
    {
        if (withdrawn && !confirmed)
        {
            // Taking a form from citizens is asked about first (it sits beside "download as JSON").
            return Redirect($"/Forms/Designer/Edit/{code}?status=confirm-withdraw#confirm-withdraw");
        }

        await mediator.Send(new SetDesignWithdrawn(code, withdrawn, Me), ct);
        return Redirect($"/Forms/Designer/Edit/{code}?status={(withdrawn ? "withdrawn" : "restored")}");
    }

    public async Task<IActionResult> OnPostPreviewAsync(string code, bool testData, CancellationToken ct)
    {
        var id = await mediator.Send(new StartPreview(code, testData, Me), ct);
        return Redirect($"/Forms/Fill/{id}?step=0");
    }

    public IEnumerable<FormField> Fields(string stepId, string? group)
    {
        var step = Form.Steps.FirstOrDefault(s => s.Id == stepId);
        var fields = step?.Fields ?? [];
        return group is null ? fields : fields.FirstOrDefault(f => f.Name == group)?.Fields ?? [];
    }

    /// <summary>The fields a condition can depend on: choices and yes/no questions of the form.</summary>
    public IEnumerable<FormField> ConditionFields => Form.TopFields.Where(IsChoice);

    /// <summary>For a field of a group: the choices of the same item first (the condition reads that item's answer), then the form's.</summary>
    public IEnumerable<FormField> ConditionFieldsFor(string? group) =>
        group is null ? ConditionFields : Form.TopFields.Where(f => f.Name == group).SelectMany(f => f.Fields).Where(IsChoice).Concat(ConditionFields);

    private static bool IsChoice(FormField f) => f.Kind is FieldKind.Choice or FieldKind.MultiChoice or FieldKind.YesNo;

    public static string Describe(Condition? condition) => condition is null ? string.Empty : $"{condition.Field} = {string.Join(" / ", condition.In)}";

    private async Task<IActionResult> Edit(string code, int revision, Func<FormDefinition, FormDefinition> edit, string status, CancellationToken ct, Action? keepOpen = null)
    {
        try
        {
            // Conditions take the words the manager sees ("Ano", an option's label) and keep the form's own values.
            await mediator.Send(new EditDesign(code, revision, f => ConditionWords.Resolve(edit(f)), Me), ct);
            return Redirect($"/Forms/Designer/Edit/{code}?status={status}");
        }
        catch (ValidationFailedException e)
        {
            return await Refuse(code, e.Errors, ct, keepOpen);
        }
    }

    private async Task<IActionResult> Refuse(string code, IReadOnlyDictionary<string, string[]> errors, CancellationToken ct, Action? keepOpen = null)
    {
        await Load(code, ct);
        keepOpen?.Invoke();
        Problems = errors.SelectMany(e => e.Value).Distinct().ToList();
        if (Request.Form.ContainsKey("Fee.Fee") is false)
        {
            Fee = FeeInput.Of(Form.FeeRegistration);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task Load(string code, CancellationToken ct) => View = await mediator.Send(new GetDesign(code, Me), ct);

    /// <summary>A typed text, or null when nothing was typed.</summary>
    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    internal static IReadOnlyList<string> Values(string? text) =>
        (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal static Condition? Condition(string? field, string? values) => string.IsNullOrWhiteSpace(field) ? null : new Condition(field.Trim(), Values(values));
}

/// <summary>The field editor's inputs (every kind's; only what the chosen kind uses is taken).</summary>
public sealed class FieldInput
{
    public string? Key { get; set; }
    public string? Kind { get; set; }
    public string? LabelCs { get; set; }
    public string? LabelEn { get; set; }
    public string? HintCs { get; set; }
    public string? HintEn { get; set; }
    public string? TextCs { get; set; }
    public string? TextEn { get; set; }
    public bool Required { get; set; }
    public int? MinLength { get; set; }
    public int? MaxLength { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Pattern { get; set; }
    public string? PatternCs { get; set; }
    public string? PatternEn { get; set; }
    public string? Check { get; set; }
    public string? Prefill { get; set; }

    /// <summary>One option per line: "value | Czech | English" (or just the Czech text: the value is made from it).</summary>
    public string? Options { get; set; }

    public string? CondField { get; set; }
    public string? CondValues { get; set; }
    public string? Accept { get; set; }
    public int? MaxSizeMb { get; set; }
    public int? MinItems { get; set; }
    public int? MaxItems { get; set; }

    public static FieldInput From(FormField f) => new()
    {
        Key = f.Name,
        Kind = f.Kind.ToString(),
        LabelCs = f.Label.Cs,
        LabelEn = f.Label.En,
        HintCs = f.Hint?.Cs,
        HintEn = f.Hint?.En,
        TextCs = f.Text?.Cs,
        TextEn = f.Text?.En,
        Required = f.Required,
        MinLength = f.MinLength,
        MaxLength = f.MaxLength,
        Min = f.Min?.ToString(CultureInfo.GetCultureInfo("cs")),
        Max = f.Max?.ToString(CultureInfo.GetCultureInfo("cs")),
        Pattern = f.Pattern,
        PatternCs = f.PatternMessage?.Cs,
        PatternEn = f.PatternMessage?.En,
        Check = f.Check.ToString(),
        Prefill = f.Prefill.ToString(),
        Options = string.Join('\n', f.Options.Select(o => $"{o.Value} | {o.Label.Cs}" + (o.Label.En is null ? string.Empty : $" | {o.Label.En}"))),
        CondField = f.VisibleWhen?.Field,
        CondValues = f.VisibleWhen is null ? null : string.Join(", ", f.VisibleWhen.In),
        Accept = string.Join(", ", f.Accept),
        MaxSizeMb = f.MaxSizeMb,
        MinItems = f.Kind == FieldKind.Group ? f.MinItems : null,
        MaxItems = f.Kind == FieldKind.Group ? f.MaxItems : null,
    };

    /// <summary>The field as the inputs describe it, or what cannot be read (a number that is not one).</summary>
    public (FormField? Field, IReadOnlyDictionary<string, string[]> Errors) Build(IStringLocalizer t)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kind = Enum.TryParse<FieldKind>(Kind, out var k) && Enum.IsDefined(k) ? k : FieldKind.Text;
        decimal? Number(string? text, string name)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (CzechNumber.TryParse(text, out var n))
            {
                return n;
            }

            errors[name] = [t["Zadejte číslo."]];
            return null;
        }

        var numeric = kind is FieldKind.Number or FieldKind.Money;
        var texty = kind is FieldKind.Text or FieldKind.LongText or FieldKind.Email or FieldKind.Phone;
        var min = numeric ? Number(Min, "Field.Min") : null;
        var max = numeric ? Number(Max, "Field.Max") : null;
        var options = kind is FieldKind.Choice or FieldKind.MultiChoice
            ? (Options ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
            {
                var parts = line.Split('|', StringSplitOptions.TrimEntries);
                return parts.Length == 1
                    ? new FieldOption(DesignEdits.Slug(parts[0], "moznost"), new LocalText(parts[0]))
                    : new FieldOption(parts[0], new LocalText(parts[1], parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null));
            }).ToList()
            : [];
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var label = LabelCs?.Trim() ?? string.Empty;
        var field = new FormField
        {
            Name = string.IsNullOrWhiteSpace(Key) ? DesignEdits.Slug(label, "pole") : Key.Trim(),
            Kind = kind,
            Label = new LocalText(label, EditModel.Blank(LabelEn)),
            Hint = string.IsNullOrWhiteSpace(HintCs) ? null : new LocalText(HintCs.Trim(), EditModel.Blank(HintEn)),
            Text = kind == FieldKind.Static && !string.IsNullOrWhiteSpace(TextCs) ? new LocalText(TextCs.Trim().Replace("\r\n", "\n", StringComparison.Ordinal), EditModel.Blank(TextEn)?.Replace("\r\n", "\n", StringComparison.Ordinal)) : null,
            Required = Required && kind is not (FieldKind.Static or FieldKind.Group),
            MinLength = texty ? MinLength : null,
            MaxLength = texty ? MaxLength : null,
            Min = min,
            Max = max,
            Pattern = texty ? EditModel.Blank(Pattern) : null,
            PatternMessage = texty && !string.IsNullOrWhiteSpace(Pattern) && !string.IsNullOrWhiteSpace(PatternCs) ? new LocalText(PatternCs.Trim(), EditModel.Blank(PatternEn)) : null,
            Check = kind == FieldKind.Text && Enum.TryParse<FieldCheck>(Check, out var check) ? check : FieldCheck.None,
            Prefill = Enum.TryParse<Prefill>(Prefill, out var prefill) ? prefill : Domain.Prefill.None,
            Options = options,
            VisibleWhen = EditModel.Condition(CondField, CondValues),
            Accept = kind == FieldKind.Attachment ? EditModel.Values(Accept).Select(a => a.TrimStart('.').ToLowerInvariant()).ToList() : [],
            MaxSizeMb = kind == FieldKind.Attachment ? MaxSizeMb : null,
            MinItems = kind == FieldKind.Group ? MinItems ?? 0 : 0,
            MaxItems = kind == FieldKind.Group ? MaxItems ?? 10 : 10,
        };
        return (field, errors);
    }
}

/// <summary>The fee mapping's inputs: which fee, and which fields give the payer, address, subjects and claims.</summary>
public sealed class FeeInput
{
    public string? Fee { get; set; }
    public string? Payer { get; set; }
    public string? Address { get; set; }
    public string? From { get; set; }
    public bool PayerIsSubject { get; set; }
    public string? Group { get; set; }

    /// <summary>The group's fields that name a subject, comma separated: the first is the name, the rest are shown in brackets.</summary>
    public string? Name { get; set; }

    public string? BirthDate { get; set; }
    public string? SubjectFrom { get; set; }

    /// <summary>"field: value=code, value=code" (e.g. "utulek: yes=utulek").</summary>
    public string? SubjectExemption { get; set; }

    /// <summary>"field: value, value" (e.g. "ulevy: duchodce").</summary>
    public string? Reduced { get; set; }

    public string? Exemption { get; set; }

    /// <summary>"field: value; address field; number field".</summary>
    public string? Property { get; set; }

    public static FeeInput Of(FeeRegistrationMap? map) => map is null ? new FeeInput() : new FeeInput
    {
        Fee = map.Fee,
        Payer = map.Payer,
        Address = map.Address,
        From = map.From,
        PayerIsSubject = map.PayerIsSubject,
        Group = map.Subjects?.Group,
        Name = map.Subjects is null ? null : string.Join(", ", map.Subjects.Name),
        BirthDate = map.Subjects?.BirthDate,
        SubjectFrom = map.Subjects?.From,
        SubjectExemption = Write(map.Subjects?.Exemption),
        Reduced = map.Reduced is null ? null : $"{map.Reduced.Field}: {string.Join(", ", map.Reduced.In)}",
        Exemption = Write(map.Exemption),
        Property = map.Property is null ? null : $"{map.Property.Field}: {string.Join(", ", map.Property.In)}; {map.Property.Address}; {map.Property.Number}",
    };

    public FeeRegistrationMap? Build()
    {
        if (string.IsNullOrWhiteSpace(Fee))
        {
            return null;
        }

        var (reducedField, reducedValues) = Split(Reduced);
        var property = (Property ?? string.Empty).Split(';', StringSplitOptions.TrimEntries);
        var (propertyField, propertyValues) = Split(property[0]);
        return new FeeRegistrationMap
        {
            Fee = Fee.Trim(),
            Payer = EditModel.Blank(Payer) ?? string.Empty,
            Address = EditModel.Blank(Address) ?? string.Empty,
            From = EditModel.Blank(From),
            PayerIsSubject = PayerIsSubject,
            Subjects = string.IsNullOrWhiteSpace(Group) ? null : new SubjectMap
            {
                Group = Group.Trim(),
                Name = EditModel.Values(Name),
                BirthDate = EditModel.Blank(BirthDate),
                From = EditModel.Blank(SubjectFrom),
                Exemption = Read(SubjectExemption),
            },
            Reduced = reducedField is null ? null : new Condition(reducedField, reducedValues),
            Exemption = Read(Exemption),
            Property = propertyField is null ? null : new PropertyMap(propertyField, propertyValues, property.Length > 1 ? property[1] : string.Empty, property.Length > 2 ? EditModel.Blank(property[2]) : null),
        };
    }

    private static (string? Field, IReadOnlyList<string> Values) Split(string? text)
    {
        var colon = (text ?? string.Empty).IndexOf(':', StringComparison.Ordinal);
        return string.IsNullOrWhiteSpace(text) ? (null, []) : colon < 0 ? (text.Trim(), []) : (text[..colon].Trim(), EditModel.Values(text[(colon + 1)..]));
    }

    private static ValueMap? Read(string? text)
    {
        var (field, values) = Split(text);
        return field is null ? null : new ValueMap(field, values.Select(v => v.Split('=', 2, StringSplitOptions.TrimEntries)).GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is { Length: > 1 } p ? p[1] : g.Key, StringComparer.Ordinal));
    }

    private static string? Write(ValueMap? map) => map is null ? null : $"{map.Field}: {string.Join(", ", map.Values.Select(v => $"{v.Key}={v.Value}"))}";
}
