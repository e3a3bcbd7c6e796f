using System.Globalization;
using Marten;
using Microsoft.Extensions.Options;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Forms.Domain;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Features;

/// <summary>A draft with the definition it was started with, for the owner only.</summary>
public sealed record DraftView(Draft Draft, FormDefinition Form);

/// <summary>Turns the validator's findings into messages in the current language, keyed by value path.</summary>
internal static class FormMessages
{
    public static Dictionary<string, string[]> Describe(IEnumerable<FieldError> errors, IStringLocalizer t, FormDefinition form)
    {
        var culture = CultureInfo.CurrentUICulture;
        return errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => Describe(e, t, culture, form)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>A message naming the exact part: "Adresa trvalého pobytu – PSČ: …", "Pes 2 – číslo čipu: …".</summary>
    private static string Describe(FieldError e, IStringLocalizer t, CultureInfo culture, FormDefinition form)
    {
        var label = e.Path.Length == 0 ? e.Label.For(culture) : FormContent.LabelOf(form, e.Path, culture);
        return e.Code switch
        {
            FieldErrorCode.Required => string.Format(culture, t["{0}: vyplňte prosím."], label),
            FieldErrorCode.TooShort => string.Format(culture, t["{0}: alespoň {1} znaků."], label, e.Limit),
            FieldErrorCode.TooLong => string.Format(culture, t["{0}: nejvýše {1} znaků."], label, e.Limit),
            FieldErrorCode.NotANumber => string.Format(culture, t["{0}: zadejte celé číslo."], label),
            FieldErrorCode.NotMoney => string.Format(culture, t["{0}: částka může mít nejvýše dvě desetinná místa."], label),
            FieldErrorCode.TooSmall => string.Format(culture, t["{0}: nejméně {1}."], label, e.Limit),
            FieldErrorCode.TooLarge => string.Format(culture, t["{0}: nejvýše {1}."], label, e.Limit),
            FieldErrorCode.NotADate => string.Format(culture, t["{0}: zadejte platné datum ve tvaru 15. 2. 1980."], label),
            FieldErrorCode.NotAnEmail => string.Format(culture, t["{0}: zadejte platnou e-mailovou adresu."], label),
            FieldErrorCode.NotAPhone => string.Format(culture, t["{0}: zadejte telefon, například +420 601 123 456."], label),
            FieldErrorCode.NotAnOption => string.Format(culture, t["{0}: vyberte jednu z nabízených možností."], label),
            FieldErrorCode.TooFewItems => string.Format(culture, t["{0}: přidejte alespoň {1}."], label, e.Limit),
            FieldErrorCode.TooManyItems => string.Format(culture, t["{0}: nejvýše {1}."], label, e.Limit),
            FieldErrorCode.NotAPostcode => string.Format(culture, t["{0}: PSČ má pět číslic, například 110 00."], label),
            FieldErrorCode.NotABirthNumber => string.Format(culture, t["{0}: zadejte platné rodné číslo, například 850412/0009."], label),
            FieldErrorCode.NotACompanyId => string.Format(culture, t["{0}: zadejte platné IČO (8 číslic)."], label),
            FieldErrorCode.NotABankAccount => string.Format(culture, t["{0}: zadejte platné číslo účtu, například 19-2000145399/0800."], label),
            FieldErrorCode.NotADataBox => string.Format(culture, t["{0}: ID datové schránky má 7 znaků (písmena a číslice)."], label),
            // The designer's own message; inside a repeated group it is told which item it is about ("Pes 2 – číslo čipu: …").
            FieldErrorCode.PatternMismatch when e.Message is { } message => e.Path.Contains('[', StringComparison.Ordinal) ? label + ": " + message.For(culture) : message.For(culture),
            FieldErrorCode.PatternMismatch => string.Format(culture, t["{0}: hodnota nemá správný tvar."], label),
            _ => label,
        };
    }
}

/// <summary>Loads the caller's own draft; another person's draft is "not found", never "forbidden" (ids are not probed).</summary>
internal static class Drafts
{
    public static async Task<(Draft Draft, FormDefinition Form)> LoadOwnAsync(IQuerySession session, FormCatalog catalog, Guid draftId, Guid userId, CancellationToken ct)
    {
        var draft = await session.LoadAsync<Draft>(draftId, ct);
        if (draft is null || draft.OwnerId != userId)
        {
            throw new NotFoundException("No such draft.");
        }

        var form = draft.Preview ?? await Infrastructure.FormCatalogReader.FindAsync(session, catalog, draft.FormCode, draft.FormVersion, ct)
            ?? throw new NotFoundException("The draft's form version is not known.");
        return (draft, form);
    }

    public static void CheckRevision(Draft draft, int revision, IStringLocalizer t)
    {
        if (draft.IsSubmitted)
        {
            throw new ValidationFailedException(string.Empty, t["Tento formulář už byl odeslán; změnit ho nelze."]);
        }

        if (revision != draft.Revision)
        {
            throw new ValidationFailedException(string.Empty, t["Koncept jste mezitím změnili v jiném okně nebo zařízení. Zobrazujeme jeho poslední uloženou podobu; zkontrolujte ji a upravte znovu."]);
        }
    }
}

/// <summary>Starts a draft of the newest version of a form, with person fields prefilled from the signed-in identity.</summary>
public sealed record StartDraft(string FormCode, CurrentUser User) : IRequest<Guid>;

public sealed class StartDraftSlice(IDocumentSession session, FormCatalog catalog, Wolverine.IMessageBus bus, IStringLocalizer<FormsText> t, IOptions<FormsOptions> options, TimeProvider clock)
    : IRequestHandler<StartDraft, Guid>
{
    public async ValueTask<Guid> Handle(StartDraft request, CancellationToken cancellationToken)
    {
        var form = catalog.Newest(request.FormCode) ?? throw new NotFoundException("No such form.");

        // Counted and inserted one at a time per citizen (on every instance): many starts at once never pass the limit.
        await using var held = await Portal.Shared.Hosting.ClusterLock.HoldAsync(session.DocumentStore.Storage.Database.CreateConnection(), ["forms.start-draft:" + request.User.Id.ToString("N")], cancellationToken);
        var open = await session.Query<Draft>().CountAsync(d => d.OwnerId == request.User.Id && d.SubmittedAt == null && d.Preview == null, cancellationToken);
        if (open >= options.Value.MaxOpenDraftsPerCitizen)
        {
            throw new ValidationFailedException("form", string.Format(t["Máte rozpracovaných už {0} formulářů. Dokončete nebo smažte některý z nich, než začnete další."], open));
        }

        var prefill = await bus.InvokeAsync<PersonPrefill>(new GetPersonPrefill(request.User.Id, request.User.IsVerified), cancellationToken);
        var draft = Draft.Start(form, request.User.Id, request.User.Name, request.User.Email, clock.GetUtcNow(), prefill);
        session.Insert(draft);
        await session.SaveChangesAsync(cancellationToken);
        return draft.Id;
    }
}

public sealed record GetDraft(Guid DraftId, Guid UserId) : IRequest<DraftView>;

public sealed class GetDraftSlice(IQuerySession session, FormCatalog catalog) : IRequestHandler<GetDraft, DraftView>
{
    public async ValueTask<DraftView> Handle(GetDraft request, CancellationToken cancellationToken)
    {
        var (draft, form) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        return new DraftView(draft, form);
    }
}

public enum StepMove
{
    Stay,
    Next,
    Back,
    AddItem,
    RemoveItem,
}

public sealed record SaveResult(int Step, int Revision, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Saves one step's values (always, even when they are not yet valid: nothing typed is lost) and moves on only
/// when the step is valid. <paramref name="Revision"/> is the revision the page showed.
/// </summary>
public sealed record SaveDraftStep(Guid DraftId, Guid UserId, int Revision, int Step, IReadOnlyDictionary<string, string> Values, StepMove Move, string? Group = null, int Item = -1)
    : IRequest<SaveResult>;

public sealed class SaveDraftStepSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, IOptions<FormsOptions> options, TimeProvider clock)
    : IRequestHandler<SaveDraftStep, SaveResult>
{
    public async ValueTask<SaveResult> Handle(SaveDraftStep request, CancellationToken cancellationToken)
    {
        var (draft, form) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        Drafts.CheckRevision(draft, request.Revision, t);
        if (request.Step < 0 || request.Step >= form.Steps.Count)
        {
            throw new ValidationFailedException("step", t["Tento krok formulář nemá."]);
        }

        var step = form.Steps[request.Step];
        CheckSizes(step, request.Values, options.Value, t);
        var values = FormContent.NormalizeDates(step, request.Values);
        if (request.Move is StepMove.AddItem or StepMove.RemoveItem && step.Fields.FirstOrDefault(f => f.Kind == FieldKind.Group && f.Name == request.Group) is { } group)
        {
            ChangeItems(group, values, request.Move, request.Item);
        }

        var errors = FormValidator.ValidateStep(form, step, values.Concat(draft.Values.Where(v => !values.ContainsKey(v.Key))).ToDictionary(StringComparer.Ordinal));
        var next = request.Move switch
        {
            StepMove.Next when errors.Count == 0 => NextVisible(form, values, draft, request.Step, +1),
            StepMove.Back => NextVisible(form, values, draft, request.Step, -1),
            _ => request.Step,
        };
        draft.Save(form, step, values, next, clock.GetUtcNow());
        session.Store(draft);
        await session.SaveChangesAsync(cancellationToken);
        return new SaveResult(draft.Step, draft.Revision, request.Move == StepMove.Next ? FormMessages.Describe(errors, t, form) : new Dictionary<string, string[]>());
    }

    /// <summary>
    /// What a save may store, checked on every save (not only on "next"): no value longer than its field allows (or
    /// the portal's limit for fields without one), no more values than a step can have. Too much is refused whole.
    /// </summary>
    internal static void CheckSizes(FormStep step, IReadOnlyDictionary<string, string> values, FormsOptions options, IStringLocalizer t)
    {
        if (values.Count > options.MaxValuesPerStep)
        {
            throw new ValidationFailedException("step", t["Formulář obsahuje příliš mnoho údajů."]);
        }

        var fields = step.Fields.Concat(step.Fields.SelectMany(f => f.Fields)).GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var errors = new ValidationErrors();
        foreach (var (key, value) in values)
        {
            var name = key[(key.LastIndexOf('.') + 1)..];
            var field = fields.GetValueOrDefault(name) ?? fields.GetValueOrDefault(key);
            var limit = Math.Min(field?.MaxLength ?? options.MaxValueLength, options.MaxValueLength);
            if (key.Length > 200 || (value?.Length ?? 0) > limit)
            {
                errors.Add(key, string.Format(t["Text je příliš dlouhý; nejvýše {0} znaků."], limit));
            }
        }

        errors.ThrowIfAny();
    }

    private static void ChangeItems(FormField group, Dictionary<string, string> values, StepMove move, int item)
    {
        var count = FormValidator.ItemCount(group, group.Name, values);
        if (move == StepMove.AddItem && count < group.MaxItems)
        {
            values[group.Name + FormValidator.CountSuffix] = (count + 1).ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (move == StepMove.RemoveItem && item >= 0 && item < count && count > group.MinItems)
        {
            // Shift the items after the removed one down by one.
            for (var i = item; i < count - 1; i++)
            {
                foreach (var sub in group.Fields)
                {
                    var from = $"{group.Name}[{i + 1}].{sub.Name}";
                    var to = $"{group.Name}[{i}].{sub.Name}";
                    if (values.TryGetValue(from, out var v))
                    {
                        values[to] = v;
                    }
                    else
                    {
                        values.Remove(to);
                    }
                }
            }

            foreach (var sub in group.Fields)
            {
                values.Remove($"{group.Name}[{count - 1}].{sub.Name}");
            }

            values[group.Name + FormValidator.CountSuffix] = (count - 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The next (or previous) step whose condition holds; past the last one is the summary.</summary>
    private static int NextVisible(FormDefinition form, Dictionary<string, string> stepValues, Draft draft, int from, int direction)
    {
        var all = draft.Values.Where(v => !stepValues.ContainsKey(v.Key)).Concat(stepValues).ToDictionary(StringComparer.Ordinal);
        for (var i = from + direction; i >= 0 && i < form.Steps.Count; i += direction)
        {
            if (FormValidator.IsVisible(form, form.Steps[i].VisibleWhen, all))
            {
                return i;
            }
        }

        return direction > 0 ? form.Steps.Count : 0;
    }
}

public sealed record DraftSummary(Guid Id, string FormCode, LocalText FormTitle, DateTimeOffset UpdatedAt, int Step, int Steps);

/// <summary>My open drafts, last change first.</summary>
public sealed record ListMyDrafts(Guid UserId) : IRequest<IReadOnlyList<DraftSummary>>;

public sealed class ListMyDraftsSlice(IQuerySession session, FormCatalog catalog) : IRequestHandler<ListMyDrafts, IReadOnlyList<DraftSummary>>
{
    public async ValueTask<IReadOnlyList<DraftSummary>> Handle(ListMyDrafts request, CancellationToken cancellationToken)
    {
        var drafts = await session.Query<Draft>()
            .Where(d => d.OwnerId == request.UserId && d.SubmittedAt == null && d.Preview == null)
            .OrderByDescending(d => d.UpdatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        return drafts
            .Select(d => (Draft: d, Form: catalog.Find(d.FormCode, d.FormVersion)))
            .Where(x => x.Form is not null)
            .Select(x => new DraftSummary(x.Draft.Id, x.Draft.FormCode, x.Form!.Title, x.Draft.UpdatedAt, x.Draft.Step, x.Form.Steps.Count))
            .ToList();
    }
}

/// <summary>Deletes my open draft and its attachments.</summary>
public sealed record DeleteDraft(Guid DraftId, Guid UserId) : IRequest;

public sealed class DeleteDraftSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t) : IRequestHandler<DeleteDraft>
{
    public async ValueTask<Unit> Handle(DeleteDraft request, CancellationToken cancellationToken)
    {
        var (draft, _) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        if (draft.IsSubmitted)
        {
            throw new ValidationFailedException(string.Empty, t["Tento formulář už byl odeslán; změnit ho nelze."]);
        }

        session.Delete(draft);
        session.DeleteWhere<Attachment>(a => a.DraftId == draft.Id);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// A citizen's open draft of an older version moves to the newest published version of its form (they were shown what
/// changed); values of fields that are still there stay.
/// </summary>
public sealed record MoveDraftToNewVersion(Guid DraftId, Guid UserId, int Revision) : IRequest<int>;

public sealed class MoveDraftToNewVersionSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<MoveDraftToNewVersion, int>
{
    public async ValueTask<int> Handle(MoveDraftToNewVersion request, CancellationToken cancellationToken)
    {
        var (draft, form) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        Drafts.CheckRevision(draft, request.Revision, t);
        if (draft.Preview is not null || catalog.Newest(draft.FormCode) is not { } newest || newest.Version <= draft.FormVersion)
        {
            throw new ValidationFailedException(string.Empty, t["Formulář nemá novější verzi."]);
        }

        draft.MoveTo(form, newest, clock.GetUtcNow());
        session.Store(draft);
        await session.SaveChangesAsync(cancellationToken);
        return newest.Version;
    }
}

/// <summary>
/// A form manager's preview of the version being edited: a draft of their own drawn by the citizen's pages (steps,
/// validation messages, summary), optionally filled with test data; it can never be sent.
/// </summary>
public sealed record StartPreview(string Code, bool WithTestData, CurrentUser User) : IRequest<Guid>;

public sealed class StartPreviewSlice(IDocumentSession session, FormCatalog catalog, TimeProvider clock) : IRequestHandler<StartPreview, Guid>
{
    public async ValueTask<Guid> Handle(StartPreview request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        var form = Designs.Working(design, catalog);
        var now = clock.GetUtcNow();

        // Earlier previews of the same form by the same manager go, with their files: one preview at a time.
        var earlier = await session.Query<Draft>().Where(d => d.OwnerId == request.User.Id && d.FormCode == form.Code && d.Preview != null).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in earlier)
        {
            session.Delete<Draft>(id);
            session.DeleteWhere<Attachment>(a => a.DraftId == id);
        }

        var draft = Draft.Start(form, request.User.Id, request.User.Name, request.User.Email, now);
        draft.Preview = form;
        if (request.WithTestData)
        {
            draft.Values = SampleValues.For(form, new Random(form.Code.Length));
        }

        session.Insert(draft);
        await session.SaveChangesAsync(cancellationToken);
        return draft.Id;
    }
}
