using Portal.Shared.Towns;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Filing.Contracts;
using Portal.Forms.Domain;
using Portal.Shared;
using Portal.Shared.Email;
using Portal.Shared.Hosting;
using Wolverine.Marten;

namespace Portal.Forms.Infrastructure;

/// <summary>The filing office tells the form its reference number; the confirmation page and "my drafts" show it.</summary>
public static class SubmissionRegisteredHandler
{
    public static async Task Handle(SubmissionRegistered message, IDocumentSession session, CancellationToken cancellationToken)
    {
        var draft = await session.LoadAsync<Draft>(message.SubmissionId, cancellationToken);
        if (draft is null || draft.ReferenceNumber == message.ReferenceNumber)
        {
            return;
        }

        draft.ReferenceNumber = message.ReferenceNumber;
        session.Store(draft);
    }
}

/// <summary>
/// At start: the forms shipped with the portal are stored as published versions where the town has none of that form
/// yet (or has never changed it: then a corrected seed replaces the shipped version); then the catalogue is read, and
/// read again every 30 seconds (another instance may have published or withdrawn a form).
/// </summary>
internal sealed class FormCatalogStartup(IDocumentStore store, FormCatalog catalog, ITowns towns, TimeProvider clock, ILogger<FormCatalogStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var town in towns.All)
        {
            using var inTown = TownContext.Enter(town.Id);
            await OpenAsync(store, catalog, clock, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Gives the current town the shipped forms it does not have and reads its catalogue.</summary>
    public static async Task OpenAsync(IDocumentStore store, FormCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        await SeedAsync(store, clock, cancellationToken);
        await using var session = store.QuerySession(TownContext.RequiredId);
        await FormCatalogReader.LoadAsync(session, catalog, cancellationToken);
    }

    private static async Task SeedAsync(IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(TownContext.RequiredId);
        var now = clock.GetUtcNow();
        foreach (var versions in FormCatalog.EmbeddedDefinitions().GroupBy(f => f.Code))
        {
            var code = versions.Key;
            var design = await session.LoadAsync<FormDesign>(code, cancellationToken);
            if (design is { ChangedByTown: true })
            {
                continue; // the town's own versions from now on; a shipped seed never overrides them
            }

            var isNew = design is null;
            design ??= new FormDesign { Id = code, UpdatedBy = "Portál", UpdatedAt = now };
            foreach (var form in versions.OrderBy(f => f.Version))
            {
                session.Store(new StoredFormDefinition { Id = form.Id, Code = form.Code, Version = form.Version, Definition = form, PublishedAt = now, PublishedBy = "Portál" });
                design.PublishedVersion = Math.Max(design.PublishedVersion, form.Version);
                design.LastTitle = form.Title;
            }

            session.Store(design);
            if (isNew)
            {
                session.Insert(new FormChange { Id = Guid.CreateVersion7(now), Code = code, Version = design.PublishedVersion, At = now, ByName = "Portál", Kind = FormChangeKind.Seeded });
            }
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var town in towns.All)
            {
                try
                {
                    using var inTown = TownContext.Enter(town.Id);
                    await using var session = store.QuerySession(town.Id);
                    await FormCatalogReader.LoadAsync(session, catalog, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Reading the form catalogue of town {Town} failed; the last one read stays in use", town.Id);
                }
            }
        }
    }
}

/// <summary>Reads every published version and which forms are withdrawn into the catalogue.</summary>
internal static class FormCatalogReader
{
    public static async Task LoadAsync(IQuerySession session, FormCatalog catalog, CancellationToken ct)
    {
        var definitions = await session.Query<StoredFormDefinition>().Select(d => d.Definition).ToListAsync(ct);
        var withdrawn = await session.Query<FormDesign>().Where(d => d.Withdrawn).Select(d => d.Id).ToListAsync(ct);
        catalog.Replace(definitions, withdrawn);
    }

    /// <summary>
    /// A published version: from the catalogue, or (published on another instance since this one last read) from the
    /// database. A version never changes, so what is read is never stale.
    /// </summary>
    public static async Task<FormDefinition?> FindAsync(IQuerySession session, FormCatalog catalog, string code, int version, CancellationToken ct) =>
        catalog.Find(code, version) ?? (await session.LoadAsync<StoredFormDefinition>(FormDefinition.IdOf(code, version), ct))?.Definition;
}

/// <summary>A published form version (its id is "code@version"); it never changes once stored.</summary>
public sealed class StoredFormDefinition
{
    public string Id { get; set; } = string.Empty;
    public string Code { get; set; } = string.Empty;
    public int Version { get; set; }
    public FormDefinition Definition { get; set; } = default!;
    public DateTimeOffset PublishedAt { get; set; }
    public string PublishedBy { get; set; } = string.Empty;
}

/// <summary>Fees asks how a sent fee registration form reads through its definition's mapping.</summary>
public static class ReadFeeRegistrationHandler
{
    public static async Task<Contracts.FeeRegistrationReading> Handle(Contracts.ReadFeeRegistration query, FormCatalog catalog, IQuerySession session, CancellationToken ct) =>
        new(await FormCatalogReader.FindAsync(session, catalog, query.FormCode, query.FormVersion, ct) is { } form ? FeeRegistrationReader.Read(form, query.Values) : null);
}

/// <summary>
/// Once an hour: drafts idle for (idle days - warning days) get a warning (a message, and an e-mail as the owner chose); drafts idle for the idle days are
/// removed with their attachments. The warning goes through the outbox with the mark that it was sent.
/// </summary>
public sealed class IdleDraftSweeper(IServiceScopeFactory scopes, ITowns towns, IOptions<FormsOptions> options, TimeProvider clock, ILogger<IdleDraftSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                // One instance sweeps at a time (several may serve one database).
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
                await ClusterLock.TryRunAsync(store.Storage.Database.CreateConnection(), "forms.idle-draft-sweep", () => SweepAllAsync(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idle draft sweep failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Every active town's drafts, each town on its own.</summary>
    private async Task SweepAllAsync(CancellationToken cancellationToken)
    {
        foreach (var town in towns.All.Where(t => t.IsActive))
        {
            try
            {
                await SweepAsync(town.Id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Idle draft sweep of town {Town} failed; it runs again in an hour", town.Id);
            }
        }
    }

    /// <summary>Sweeps one town's idle drafts.</summary>
    public async Task SweepAsync(string townId, CancellationToken cancellationToken)
    {
        using var inTown = TownContext.Enter(townId);
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        var catalog = scope.ServiceProvider.GetRequiredService<FormCatalog>();
        var town = scope.ServiceProvider.GetRequiredService<TownClock>();
        outbox.Enroll(session);
        var now = clock.GetUtcNow();
        var removeBefore = now.AddDays(-options.Value.DraftIdleDays);
        var warnBefore = removeBefore.AddDays(options.Value.DraftWarningDays);

        var expired = await session.Query<Draft>().Where(d => d.SubmittedAt == null && d.UpdatedAt < removeBefore).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            session.Delete<Draft>(id);
            session.DeleteWhere<Attachment>(a => a.DraftId == id);
        }

        var toWarn = await session.Query<Draft>()
            .Where(d => d.SubmittedAt == null && d.UpdatedAt < warnBefore && d.UpdatedAt >= removeBefore && d.IdleWarningSentAt == null && d.Preview == null)
            .Take(500).ToListAsync(cancellationToken);
        foreach (var draft in toWarn)
        {
            draft.IdleWarningSentAt = now;
            session.Store(draft);
            var form = catalog.Find(draft.FormCode, draft.FormVersion);
            await outbox.PublishAsync(new Contracts.DraftExpiring(draft.Id, draft.OwnerId, form?.Title.For(System.Globalization.CultureInfo.GetCultureInfo("cs")) ?? draft.FormCode,
                town.DateOf(draft.UpdatedAt.AddDays(options.Value.DraftIdleDays)), now));
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>How a sent form reads (for Filing's pages): the version it was sent with, labels in the asked language.</summary>
public static class DescribeSubmissionHandler
{
    public static async Task<Contracts.SubmissionDescription> Handle(Contracts.DescribeSubmission query, FormCatalog catalog, IQuerySession session, CancellationToken ct) =>
        await FormCatalogReader.FindAsync(session, catalog, query.FormCode, query.FormVersion, ct) is { } form
            ? new Contracts.SubmissionDescription(FormContent.Describe(form, query.Values, query.Attachments, System.Globalization.CultureInfo.GetCultureInfo(query.Language == "en" ? "en" : "cs")))
            : new Contracts.SubmissionDescription([]);
}

/// <summary>A citizen's drafts for the home page (the same list as "Formuláře", the newest few).</summary>
public static class CitizenDraftsHandler
{
    public static async Task<Contracts.CitizenDrafts> Handle(Contracts.GetCitizenDrafts query, ISessionFactory sessions, FormCatalog catalog, IOptions<FormsOptions> options, Portal.Shared.TownClock town, CancellationToken ct)
    {
        await using var session = sessions.QuerySession(); // the request connections (docs/architecture.md §15)
        var culture = System.Globalization.CultureInfo.GetCultureInfo(query.Language == "en" ? "en" : "cs");
        System.Linq.Expressions.Expression<Func<Draft, bool>> mine = d => d.OwnerId == query.CitizenId && d.SubmittedAt == null && d.Preview == null;
        var batch = session.CreateBatchQuery();
        var counted = batch.Query<Draft>().Where(mine).Count();
        var newest = batch.Query<Draft>().Where(mine).OrderByDescending(d => d.UpdatedAt).Take(Math.Clamp(query.Take, 1, 50)).ToList();
        await batch.Execute(ct);
        var total = (int)await counted;
        var drafts = await newest;
        return new Contracts.CitizenDrafts(
            drafts.Select(d => (Draft: d, Form: catalog.Find(d.FormCode, d.FormVersion))).Where(x => x.Form is not null)
                .Select(x => new Contracts.CitizenDraft(x.Draft.Id, x.Form!.Title.For(culture), x.Draft.UpdatedAt, x.Draft.Step, x.Form.Steps.Count,
                    town.DateOf(x.Draft.UpdatedAt).AddDays(options.Value.DraftIdleDays)))
                .ToList(),
            total);
    }
}

/// <summary>A new town gets the shipped forms; the operator's "draft sweep now" sweeps the town's idle drafts.</summary>
public static class FormsTownHandler
{
    public static Task Handle(Portal.Towns.Contracts.TownOpened message, IDocumentStore store, FormCatalog catalog, TimeProvider clock, CancellationToken ct) =>
        FormCatalogStartup.OpenAsync(store, catalog, clock, ct);

    public static Task Handle(Portal.Towns.Contracts.TownJobRequested message, IdleDraftSweeper sweeper, CancellationToken ct) =>
        message.Job == Portal.Towns.Contracts.TownJobs.DraftSweep
            ? sweeper.SweepAsync(TownContext.RequiredId, ct)
            : Task.CompletedTask;
}
