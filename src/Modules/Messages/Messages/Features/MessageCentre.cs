using Marten;
using Mediator;
using Portal.Messages.Domain;
using Portal.Shared.Validation;

namespace Portal.Messages.Features;

/// <summary>A page of my messages, newest first, optionally of one group or only the unread ones.</summary>
public sealed record ListMessages(Guid CitizenId, string? Group, bool UnreadOnly, int Page = 1) : IRequest<MessagePage>;

public sealed record MessagePage(IReadOnlyList<Message> Items, int Total, int Unread, int Page, int PageSize);

public sealed class ListMessagesSlice(IQuerySession session, Microsoft.Extensions.Localization.IStringLocalizer<MessagesText> t) : IRequestHandler<ListMessages, MessagePage>
{
    public const int PageSize = 25;

    public async ValueTask<MessagePage> Handle(ListMessages request, CancellationToken cancellationToken)
    {
        var mine = session.Query<Message>().Where(m => m.CitizenId == request.CitizenId);
        var filtered = mine;
        if (request.Group is { Length: > 0 } group)
        {
            var kinds = MessageKinds.All.Where(k => k.Group == group).Select(k => k.Code).ToArray();
            if (kinds.Length == 0)
            {
                throw new ValidationFailedException("group", t["Neznámý druh zpráv."]);
            }

            filtered = filtered.Where(m => m.Kind.IsOneOf(kinds));
        }

        if (request.UnreadOnly)
        {
            filtered = filtered.Where(m => m.ReadAt == null);
        }

        var page = Math.Max(1, request.Page);
        var total = await filtered.CountAsync(cancellationToken);
        var unread = await mine.CountAsync(m => m.ReadAt == null, cancellationToken);
        var items = await filtered.OrderByDescending(m => m.At).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new MessagePage(items, total, unread, page, PageSize);
    }
}

/// <summary>Marks my messages read: the ones named, or all of them.</summary>
public sealed record MarkRead(Guid CitizenId, IReadOnlyList<Guid> Ids, bool All) : IRequest<int>;

public sealed class MarkReadSlice(IDocumentSession session, TimeProvider clock) : IRequestHandler<MarkRead, int>
{
    public async ValueTask<int> Handle(MarkRead request, CancellationToken cancellationToken)
    {
        var query = session.Query<Message>().Where(m => m.CitizenId == request.CitizenId && m.ReadAt == null);
        if (!request.All)
        {
            var ids = request.Ids.Take(500).ToArray();
            query = query.Where(m => m.Id.IsOneOf(ids));
        }

        var unread = await query.Take(5000).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var message in unread)
        {
            message.ReadAt = now;
            session.Store(message);
        }

        await session.SaveChangesAsync(cancellationToken);
        return unread.Count;
    }
}

/// <summary>Opens one of my messages: marks it read and answers where it leads (someone else's is "not found").</summary>
public sealed record OpenMessage(Guid CitizenId, Guid MessageId) : IRequest<string>;

public sealed class OpenMessageSlice(IDocumentSession session, TimeProvider clock) : IRequestHandler<OpenMessage, string>
{
    public async ValueTask<string> Handle(OpenMessage request, CancellationToken cancellationToken)
    {
        var message = await session.LoadAsync<Message>(request.MessageId, cancellationToken);
        if (message is null || message.CitizenId != request.CitizenId)
        {
            throw new NotFoundException("No such message.");
        }

        if (message.ReadAt is null)
        {
            message.ReadAt = clock.GetUtcNow();
            session.Store(message);
            await session.SaveChangesAsync(cancellationToken);
        }

        return message.Link;
    }
}

/// <summary>My e-mail preferences (the defaults when never set).</summary>
public sealed record GetPreferences(Guid CitizenId) : IRequest<MessagePreferences>;

public sealed class GetPreferencesSlice(IQuerySession session) : IRequestHandler<GetPreferences, MessagePreferences>
{
    public async ValueTask<MessagePreferences> Handle(GetPreferences request, CancellationToken cancellationToken) =>
        await session.LoadAsync<MessagePreferences>(request.CitizenId, cancellationToken) ?? new MessagePreferences { Id = request.CitizenId };
}

/// <summary>Saves my e-mail preferences, one choice per group.</summary>
public sealed record SavePreferences(Guid CitizenId, IReadOnlyDictionary<string, EmailCopies> Email) : IRequest;

public sealed class SavePreferencesSlice(IDocumentSession session, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<MessagesText> t) : IRequestHandler<SavePreferences>
{
    public async ValueTask<Unit> Handle(SavePreferences request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        foreach (var (group, choice) in request.Email)
        {
            if (!MessageKinds.Groups.Contains(group))
            {
                errors.Add(group, t["Neznámý druh zpráv."]);
            }
            else if (!Enum.IsDefined(choice))
            {
                errors.Add(group, t["Vyberte jednu z nabízených možností."]);
            }
        }

        errors.ThrowIfAny();
        session.Store(new MessagePreferences
        {
            Id = request.CitizenId,
            Email = MessageKinds.Groups.ToDictionary(g => g, g => request.Email.GetValueOrDefault(g, EmailCopies.All)),
            ChangedAt = clock.GetUtcNow(),
        });
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
