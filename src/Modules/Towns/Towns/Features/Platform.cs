using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Npgsql;
using Portal.Shared.Banking;
using Portal.Shared.Towns;
using Portal.Shared.Validation;
using Portal.Towns.Contracts;
using Portal.Towns.Domain;
using Portal.Towns.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Towns.Features;

/// <summary>A town as the platform operator's list shows it, with what waits in its queues.</summary>
public sealed record TownSummary(string Id, string Name, IReadOnlyList<string> HostNames, TownState State, DateTimeOffset CreatedAt, long DeadLetters, long Queued);

/// <summary>Every town of the installation with its health (dead letters, queued messages), for the operator.</summary>
public sealed record ListTowns : IRequest<IReadOnlyList<TownSummary>>;

public sealed class ListTownsSlice(IDocumentStore store) : IRequestHandler<ListTowns, IReadOnlyList<TownSummary>>
{
    public async ValueTask<IReadOnlyList<TownSummary>> Handle(ListTowns request, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var towns = (await session.Query<Town>().Where(t => !t.IsPlatform).ToListAsync(cancellationToken)).OrderBy(t => t.Name, StringComparer.Create(new System.Globalization.CultureInfo("cs"), true)).ToList();
        // Every town's dead letters and queued messages in one pass each, however many towns there are.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var dead = await TownEnvelopes.DeadLettersPerTownAsync(connection, cancellationToken);
        var queued = await TownEnvelopes.QueuedPerTownAsync(connection, cancellationToken);
        return towns.Select(town => new TownSummary(town.Id, town.Name, town.HostNames, town.State, town.CreatedAt, dead.GetValueOrDefault(town.Id), queued.GetValueOrDefault(town.Id))).ToList();
    }
}

/// <summary>
/// The operator opens a new town: its id (the tenant id, for good), name, host names, reference prefix, fee account and
/// first administrator, who is invited by e-mail to set a password. Every module then sets the town up in the town
/// itself (<see cref="TownOpened"/>, through the outbox with the town's record).
/// </summary>
public sealed record CreateTown(string? Id, string? Name, string? HostNames, string? ReferencePrefix, string? FeeAccount, string? AdministratorEmail, string? AdministratorName) : IRequest<string>;

public sealed class CreateTownSlice(IDocumentStore store, IMartenOutbox outbox, TownDirectory directory, IStringLocalizer<TownsText> t, TimeProvider clock) : IRequestHandler<CreateTown, string>
{
    public async ValueTask<string> Handle(CreateTown request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var id = request.Id?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!Town.IsValidId(id))
        {
            errors.Add(nameof(CreateTown.Id), t["Zkratka obce: 2 až 40 malých písmen bez diakritiky, číslic a pomlček (např. obec-vzor)."]);
        }
        else if (directory.Find(id) is not null)
        {
            errors.Add(nameof(CreateTown.Id), t["Obec s touto zkratkou už portál má."]);
        }

        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is < 2 or > 100)
        {
            errors.Add(nameof(CreateTown.Name), t["Napište název obce (2 až 100 znaků)."]);
        }

        var hosts = TownRules.ParseHosts(request.HostNames);
        TownRules.CheckHosts(hosts, id, directory, errors, t);
        var prefix = request.ReferencePrefix?.Trim() ?? string.Empty;
        TownRules.CheckPrefix(prefix, errors, t);
        var account = request.FeeAccount?.Trim() ?? string.Empty;
        if (!BankAccount.TryParse(account, out _, out _))
        {
            errors.Add(nameof(CreateTown.FeeAccount), t["Napište číslo účtu obce pro poplatky ve tvaru [předčíslí-]číslo/kód banky, např. 19-2000145399/0800."]);
        }

        var email = request.AdministratorEmail?.Trim() ?? string.Empty;
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _) || email.Length > 200)
        {
            errors.Add(nameof(CreateTown.AdministratorEmail), t["Napište e-mail prvního správce obce; pošleme mu pozvánku."]);
        }

        errors.ThrowIfAny();
        var now = clock.GetUtcNow();
        var town = new Town
        {
            Id = id,
            Name = name,
            HostNames = hosts,
            PublicBaseUrl = TownRules.BaseUrl(hosts[0], directory.Platform?.PublicBaseUrl),
            ReferencePrefix = prefix,
            FeeAccount = account,
            EmailFromName = "Portál občana · " + name,
            CreatedAt = now,
            AccessibilityStatementDate = DateOnly.FromDateTime(now.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        town.NiaClientId = town.PublicBaseUrl + "/";

        // The town's record and the message that sets it up commit together: a crash between them loses neither.
        await using var session = store.LightweightSession();
        outbox.Enroll(session);
        session.Insert(town);
        await outbox.PublishAsync(new TownOpened(id, email, request.AdministratorName?.Trim() is { Length: > 0 } admin ? admin : "Správce portálu", now), new DeliveryOptions { TenantId = id });
        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
        return id;
    }
}

/// <summary>Suspends a town (its pages say it is temporarily unavailable, its jobs wait) or puts it back.</summary>
public sealed record SetTownState(string Id, TownState State) : IRequest;

public sealed class SetTownStateSlice(IDocumentStore store, TownDirectory directory) : IRequestHandler<SetTownState>
{
    public async ValueTask<Unit> Handle(SetTownState request, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var town = await session.LoadAsync<Town>(request.Id, cancellationToken);
        if (town is null || town.IsPlatform)
        {
            throw new NotFoundException("No such town.");
        }

        town.State = request.State;
        session.Store(town);
        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// Removes a town completely: every row it owns in every module's tables (documents, events, logs) and its record. The
/// operator confirms by typing the town's id. Its messages still queued find no town and do nothing.
/// </summary>
public sealed record RemoveTown(string Id, string? Confirmation) : IRequest;

public sealed class RemoveTownSlice(IDocumentStore store, TownDirectory directory, IStringLocalizer<TownsText> t) : IRequestHandler<RemoveTown>
{
    public async ValueTask<Unit> Handle(RemoveTown request, CancellationToken cancellationToken)
    {
        if (directory.Find(request.Id) is not { IsPlatform: false })
        {
            throw new NotFoundException("No such town.");
        }

        if (!string.Equals(request.Confirmation?.Trim(), request.Id, StringComparison.Ordinal))
        {
            throw new ValidationFailedException(nameof(RemoveTown.Confirmation), t["Pro potvrzení napište zkratku obce přesně tak, jak je uvedena."]);
        }

        // The town goes first: from then on no request and no message (TownMessageMiddleware) works in it, so what
        // is still in flight for it writes nothing after its rows are gone.
        await using (var first = store.LightweightSession())
        {
            first.Delete<Town>(request.Id);
            await first.SaveChangesAsync(cancellationToken);
        }

        await directory.ReloadAsync(cancellationToken);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TownTables.DeleteAsync(connection, store.Options.Events.DatabaseSchemaName, request.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Runs one of a town's jobs now (in the town), by the module whose job it is.</summary>
public sealed record RunTownJob(string Id, string? Job) : IRequest;

public sealed class RunTownJobSlice(IMessageBus bus, TownDirectory directory, IStringLocalizer<TownsText> t, TimeProvider clock) : IRequestHandler<RunTownJob>
{
    public async ValueTask<Unit> Handle(RunTownJob request, CancellationToken cancellationToken)
    {
        if (directory.Find(request.Id) is not { IsPlatform: false })
        {
            throw new NotFoundException("No such town.");
        }

        if (request.Job is not { } job || !TownJobs.All.Contains(job, StringComparer.Ordinal))
        {
            throw new ValidationFailedException(nameof(RunTownJob.Job), t["Vyberte úlohu ze seznamu."]);
        }

        await bus.PublishAsync(new TownJobRequested(job, clock.GetUtcNow()), new DeliveryOptions { TenantId = request.Id });
        return Unit.Value;
    }
}
