using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Fees.Contracts;
using Portal.Forms.Domain;
using Portal.Forms.Infrastructure;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Wolverine;

namespace Portal.Forms.Features;

/// <summary>The form designer's shared checks: only a form manager, a form that exists, the revision the page showed.</summary>
internal static class Designs
{
    public static void EnsureManager(CurrentUser user)
    {
        if (!user.Roles.Contains(PortalRoles.FormManager))
        {
            throw new NotPermittedException("Only form managers edit forms.");
        }
    }

    public static async Task<FormDesign> LoadAsync(IQuerySession session, string code, CancellationToken ct) =>
        await session.LoadAsync<FormDesign>(code ?? string.Empty, ct) ?? throw new NotFoundException("No such form.");

    public static void CheckRevision(FormDesign design, int revision, IStringLocalizer t)
    {
        if (design.Revision != revision)
        {
            throw new ValidationFailedException(string.Empty, t["Formulář mezitím změnil někdo jiný (nebo jiné okno). Zobrazujeme jeho poslední podobu; proveďte změnu znovu."]);
        }
    }

    /// <summary>The problems as field errors in the reader's language, keyed by where they are.</summary>
    public static void ThrowIfAny(IReadOnlyList<DefinitionProblem> problems)
    {
        if (problems.Count > 0)
        {
            var culture = CultureInfo.CurrentUICulture;
            throw new ValidationFailedException(problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message.For(culture)).ToArray(), StringComparer.Ordinal));
        }
    }

    /// <summary>The version being edited, or a new one made from the newest published version.</summary>
    public static FormDefinition Working(FormDesign design, FormCatalog catalog) =>
        design.Draft ?? (catalog.Find(design.Id, design.PublishedVersion) ?? throw new NotFoundException("The form has no version.")) with { Version = design.PublishedVersion + 1 };

    public static FormChange Change(FormDesign design, int version, FormChangeKind kind, CurrentUser user, DateTimeOffset now, IEnumerable<LocalText>? details = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        Code = design.Id,
        Version = version,
        At = now,
        ById = user.Id,
        ByName = user.Name,
        Kind = kind,
        Details = details?.ToList() ?? [],
    };
}

public sealed record DesignSummary(string Code, string Title, int PublishedVersion, bool HasDraft, bool Withdrawn, DateTimeOffset UpdatedAt, string UpdatedBy, string Agenda);

/// <summary>Every form of the town, for the designer's list.</summary>
public sealed record ListDesigns(CurrentUser User) : IRequest<IReadOnlyList<DesignSummary>>;

public sealed class ListDesignsSlice(IQuerySession session, FormCatalog catalog) : IRequestHandler<ListDesigns, IReadOnlyList<DesignSummary>>
{
    public async ValueTask<IReadOnlyList<DesignSummary>> Handle(ListDesigns request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var designs = await session.Query<FormDesign>().OrderBy(d => d.Id).Take(1000).ToListAsync(cancellationToken);
        return designs.Select(d => new DesignSummary(d.Id, d.Title, d.PublishedVersion, d.Draft is not null, d.Withdrawn, d.UpdatedAt, d.UpdatedBy,
                d.Draft?.Agenda ?? catalog.Find(d.Id, d.PublishedVersion)?.Agenda ?? string.Empty))
            .OrderBy(d => d.Title, StringComparer.Create(CultureInfo.GetCultureInfo("cs"), false)).ToList();
    }
}

public sealed record PublishedVersion(int Version, DateTimeOffset PublishedAt, string PublishedBy);

/// <summary>A form in the designer: the version being edited (or the newest published), its versions and its history.</summary>
public sealed record DesignView(FormDesign Design, FormDefinition Working, IReadOnlyList<PublishedVersion> Versions, IReadOnlyList<FormChange> History);

public sealed record GetDesign(string Code, CurrentUser User) : IRequest<DesignView>;

public sealed class GetDesignSlice(IQuerySession session, FormCatalog catalog) : IRequestHandler<GetDesign, DesignView>
{
    public async ValueTask<DesignView> Handle(GetDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        var versions = await session.Query<StoredFormDefinition>().Where(d => d.Code == design.Id).OrderByDescending(d => d.Version)
            .Select(d => new PublishedVersion(d.Version, d.PublishedAt, d.PublishedBy)).ToListAsync(cancellationToken);
        var history = await session.Query<FormChange>().Where(c => c.Code == design.Id).OrderByDescending(c => c.At).Take(200).ToListAsync(cancellationToken);
        var working = design.Draft ?? (design.PublishedVersion > 0 ? Designs.Working(design, catalog) : throw new NotFoundException("The form has no version."));
        return new DesignView(design, working, versions, history);
    }
}

/// <summary>A form manager starts a new form: a code, a title and the agenda it goes to.</summary>
public sealed record CreateDesign(string? Code, string? TitleCs, string? TitleEn, string? Agenda, CurrentUser User) : IRequest<string>;

public sealed class CreateDesignSlice(IDocumentSession session, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<CreateDesign, string>
{
    public async ValueTask<string> Handle(CreateDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var code = request.Code?.Trim() ?? string.Empty;
        var form = DesignEdits.NewForm(code, new LocalText(request.TitleCs?.Trim() ?? string.Empty, string.IsNullOrWhiteSpace(request.TitleEn) ? null : request.TitleEn.Trim()), request.Agenda ?? string.Empty);
        Designs.ThrowIfAny(FormDefinitionRules.Check(form));
        if (await session.LoadAsync<FormDesign>(code, cancellationToken) is not null)
        {
            throw new ValidationFailedException("code", t["Formulář s tímto kódem už existuje; zvolte jiný kód."]);
        }

        var now = clock.GetUtcNow();
        var design = new FormDesign { Id = code, Draft = form, ChangedByTown = true, Revision = 1, UpdatedAt = now, UpdatedBy = request.User.Name };
        session.Insert(design);
        session.Insert(Designs.Change(design, form.Version, FormChangeKind.Created, request.User, now));
        await session.SaveChangesAsync(cancellationToken);
        return code;
    }
}

/// <summary>
/// One change of the version being edited (a step, a field, the settings). The whole definition is checked before it is
/// saved; a change that would break it is refused and nothing is stored. Returns the new revision.
/// </summary>
public sealed record EditDesign(string Code, int Revision, Func<FormDefinition, FormDefinition> Edit, CurrentUser User) : IRequest<int>;

public sealed class EditDesignSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<EditDesign, int>
{
    public async ValueTask<int> Handle(EditDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        Designs.CheckRevision(design, request.Revision, t);
        var before = Designs.Working(design, catalog);
        var after = FormDefinitionJson.Normalize(request.Edit(before)) with { Code = design.Id, Version = before.Version };
        Designs.ThrowIfAny(FormDefinitionRules.Check(after));
        var now = clock.GetUtcNow();
        design.Draft = after;
        design.Touch(now, request.User.Name);
        session.Store(design);
        session.Insert(Designs.Change(design, after.Version, FormChangeKind.Edited, request.User, now, FormDiff.Describe(before, after)));
        await session.SaveChangesAsync(cancellationToken);
        return design.Revision;
    }
}

/// <summary>
/// A form definition from JSON (another town's form, or the manager's own edit as JSON) becomes the version being
/// edited of its code; a new code is a new form. A broken or hostile text gets its list of problems and changes nothing.
/// <paramref name="IntoCode"/>: the JSON must be of this form (the JSON editor of one form).
/// </summary>
public sealed record ImportDesign(string? Json, CurrentUser User, string? IntoCode = null) : IRequest<string>;

public sealed class ImportDesignSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<ImportDesign, string>
{
    public async ValueTask<string> Handle(ImportDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var (form, problems) = FormDefinitionJson.Import(request.Json ?? string.Empty);
        Designs.ThrowIfAny(problems);
        if (request.IntoCode is not null && form!.Code != request.IntoCode)
        {
            throw new ValidationFailedException("code", string.Format(CultureInfo.CurrentCulture, t["Kód formuláře v textu ({0}) nesouhlasí s upravovaným formulářem ({1})."], form.Code, request.IntoCode));
        }

        var now = clock.GetUtcNow();
        var design = await session.LoadAsync<FormDesign>(form!.Code, cancellationToken);
        var isNew = design is null;
        design ??= new FormDesign { Id = form.Code };
        var before = isNew ? null : Designs.Working(design, catalog);
        var imported = form with { Version = design.PublishedVersion + 1 };
        design.Draft = imported;
        design.Touch(now, request.User.Name);
        session.Store(design);
        session.Insert(Designs.Change(design, imported.Version, isNew ? FormChangeKind.Created : FormChangeKind.Imported, request.User, now,
            before is null ? [new LocalText("Formulář načten z JSON.", "Form loaded from JSON.")] : FormDiff.Describe(before, imported)));
        await session.SaveChangesAsync(cancellationToken);
        return design.Id;
    }
}

/// <summary>
/// Publishes the version being edited: checked as a finished form (no empty step), a fee registration's mapping checked
/// with the Fees module, stored as a version that never changes; new drafts start on it, open drafts keep theirs.
/// </summary>
public sealed record PublishDesign(string Code, int Revision, CurrentUser User) : IRequest<int>;

public sealed class PublishDesignSlice(IDocumentSession session, FormCatalog catalog, IMessageBus bus, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<PublishDesign, int>
{
    public async ValueTask<int> Handle(PublishDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        Designs.CheckRevision(design, request.Revision, t);
        if (design.Draft is not { } form)
        {
            throw new ValidationFailedException(string.Empty, t["Není co zveřejnit: formulář nemá rozpracovanou verzi."]);
        }

        var problems = FormDefinitionRules.Check(form, publishing: true).ToList();
        if (form.FeeRegistration is { } fee && problems.Count == 0)
        {
            var terms = await bus.InvokeAsync<FeeRegistrationTerms>(new DescribeFeeRegistration(fee.Fee), cancellationToken);
            problems.AddRange(FeeMappingRules.CheckTerms(fee, terms));
        }

        Designs.ThrowIfAny(problems);
        var now = clock.GetUtcNow();
        var version = design.PublishedVersion + 1;
        var published = form with { Version = version };
        var previous = catalog.Find(design.Id, design.PublishedVersion);
        session.Insert(new StoredFormDefinition { Id = published.Id, Code = published.Code, Version = version, Definition = published, PublishedAt = now, PublishedBy = request.User.Name });
        design.Draft = null;
        design.PublishedVersion = version;
        design.LastTitle = published.Title;
        design.Touch(now, request.User.Name);
        session.Store(design);
        session.Insert(Designs.Change(design, version, FormChangeKind.Published, request.User, now, previous is null ? [] : FormDiff.Describe(previous, published)));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Two managers published at the same moment: the version number is taken, the other one's stands.
            throw new ValidationFailedException(string.Empty, t["Formulář mezitím změnil někdo jiný (nebo jiné okno). Zobrazujeme jeho poslední podobu; proveďte změnu znovu."]);
        }

        await FormCatalogReader.LoadAsync(session, catalog, cancellationToken);
        return version;
    }
}

/// <summary>Withdraws a form (no new drafts; open drafts may still be finished and sent) or puts it back.</summary>
public sealed record SetDesignWithdrawn(string Code, bool Withdrawn, CurrentUser User) : IRequest;

public sealed class SetDesignWithdrawnSlice(IDocumentSession session, FormCatalog catalog, TimeProvider clock) : IRequestHandler<SetDesignWithdrawn>
{
    public async ValueTask<Unit> Handle(SetDesignWithdrawn request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        if (design.Withdrawn == request.Withdrawn || design.PublishedVersion == 0)
        {
            return Unit.Value;
        }

        var now = clock.GetUtcNow();
        design.Withdrawn = request.Withdrawn;
        design.Touch(now, request.User.Name);
        session.Store(design);
        session.Insert(Designs.Change(design, design.PublishedVersion, request.Withdrawn ? FormChangeKind.Withdrawn : FormChangeKind.Restored, request.User, now));
        await session.SaveChangesAsync(cancellationToken);
        await FormCatalogReader.LoadAsync(session, catalog, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Throws away the version being edited (the published one stays as it is).</summary>
public sealed record DiscardDesignDraft(string Code, int Revision, CurrentUser User) : IRequest;

public sealed class DiscardDesignDraftSlice(IDocumentSession session, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<DiscardDesignDraft>
{
    public async ValueTask<Unit> Handle(DiscardDesignDraft request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        Designs.CheckRevision(design, request.Revision, t);
        if (design.Draft is null || design.PublishedVersion == 0)
        {
            throw new ValidationFailedException(string.Empty, t["Rozpracovanou verzi lze zahodit jen u formuláře, který už má zveřejněnou verzi."]);
        }

        var now = clock.GetUtcNow();
        var version = design.Draft.Version;
        design.Draft = null;
        design.Touch(now, request.User.Name);
        session.Store(design);
        session.Insert(Designs.Change(design, version, FormChangeKind.DraftDiscarded, request.User, now));
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A version as JSON to save or share: a published version, or (without a number) the version being edited.</summary>
public sealed record ExportDesign(string Code, int? Version, CurrentUser User) : IRequest<ExportedForm>;

public sealed record ExportedForm(string FileName, string Json);

public sealed class ExportDesignSlice(IQuerySession session, FormCatalog catalog) : IRequestHandler<ExportDesign, ExportedForm>
{
    public async ValueTask<ExportedForm> Handle(ExportDesign request, CancellationToken cancellationToken)
    {
        Designs.EnsureManager(request.User);
        var design = await Designs.LoadAsync(session, request.Code, cancellationToken);
        var form = request.Version is { } v
            ? (await session.LoadAsync<StoredFormDefinition>(FormDefinition.IdOf(design.Id, v), cancellationToken))?.Definition ?? throw new NotFoundException("No such version.")
            : Designs.Working(design, catalog);
        return new ExportedForm($"{form.Code}-v{form.Version}.json", FormDefinitionJson.Export(form));
    }
}
