using Portal.Shared.Towns;
using System.Globalization;
using System.Text;
using Marten;
using Portal.Identity.Contracts;
using Portal.Messages.Domain;
using Portal.Shared;
using Portal.Shared.Email;
using Wolverine;

namespace Portal.Messages.Features;

/// <summary>
/// Something to tell a person: a message for the account <paramref name="CitizenId"/> (null: a payer without an
/// account, told only by e-mail at <paramref name="Email"/>). <paramref name="Key"/> identifies the event, so the
/// message's id follows from it.
/// </summary>
public sealed record Notice(Guid? CitizenId, string Kind, string Key, DateTimeOffset At, string Link, Dictionary<string, string> Data, string? Email = null, string? Name = null);

/// <summary>
/// Turns events into messages and e-mail copies in the handler's transaction: the messages are inserted set-based
/// (one statement for a batch of a thousand reminders), the e-mails leave through the outbox with them. A notice
/// whose message exists already (a redelivered event) makes nothing, neither message nor e-mail; when two deliveries
/// race, the second insert waits for the first and fails on the id, and its retry finds the messages there.
/// </summary>
public static class Notifier
{
    public const int EmailBatch = 250;

    public static async Task<int> NotifyAsync(IDocumentSession session, IMessageBus bus, MessageText text, Portal.Shared.Towns.TownProfile portal, IReadOnlyList<Notice> notices, CancellationToken ct)
    {
        var ids = notices.Select(n => Message.IdFor(n.Kind, n.Key)).ToArray();
        var existing = (await session.QueryAsync<Guid>($"select id from {MessagesModule.Schema}.mt_doc_message where tenant_id = ? and id = any(?)", ct, session.TenantId, ids)).ToHashSet();
        var fresh = notices.Zip(ids).Where(x => existing.Add(x.Second)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var citizens = fresh.Where(x => x.First.CitizenId is not null).Select(x => x.First.CitizenId!.Value).Distinct().ToArray();
        var contacts = citizens.Length == 0
            ? new Dictionary<Guid, CitizenContact>()
            : (await bus.InvokeAsync<CitizenContacts>(new GetCitizenContacts(citizens), ct)).Items.ToDictionary(c => c.Id);
        var preferences = citizens.Length == 0
            ? new Dictionary<Guid, MessagePreferences>()
            : (await session.LoadManyAsync<MessagePreferences>(ct, citizens)).ToDictionary(p => p.Id);

        var serializer = session.DocumentStore.Options.Serializer();
        var rows = new List<(Guid Id, string Json)>(fresh.Count);
        var emails = new List<EmailCopy>();
        foreach (var (notice, id) in fresh)
        {
            var message = new Message { Id = id, CitizenId = notice.CitizenId ?? Guid.Empty, Kind = notice.Kind, At = notice.At, Link = notice.Link, Data = notice.Data };
            var (address, name) = notice.CitizenId is { } citizen
                ? (contacts.GetValueOrDefault(citizen)?.Email, contacts.GetValueOrDefault(citizen)?.Name ?? notice.Name ?? string.Empty)
                : (notice.Email, notice.Name ?? string.Empty);
            if (!string.IsNullOrWhiteSpace(address) && (notice.CitizenId is null || MessageKinds.Emails(notice.Kind, preferences.GetValueOrDefault(notice.CitizenId.Value))))
            {
                message.Emailed = true;
                emails.Add(new EmailCopy(id, address, name));
            }

            rows.Add((id, serializer.ToJson(message)));
        }

        session.QueueSqlCommand(
            $"""
            insert into {MessagesModule.Schema}.mt_doc_message (tenant_id, id, data, mt_dotnet_type, mt_last_modified, mt_version)
            select ?, i.id, i.data, ?, now(), gen_random_uuid() from unnest(?::uuid[], ?::jsonb[]) as i(id, data)
            """,
            session.TenantId,
            typeof(Message).FullName!,
            rows.Select(r => r.Id).ToArray(),
            rows.Select(r => r.Json).ToArray());

        // The copies leave with the messages (the outbox), naming the messages: the text is drawn when sent, so a
        // day's thousands of reminders do not carry their bodies through the queue.
        foreach (var chunk in emails.Chunk(EmailBatch))
        {
            await bus.PublishAsync(new SendMessageEmails(chunk));
        }

        return fresh.Count;
    }

    /// <summary>The e-mail copy: Czech, then English; the link to act, the message centre and the e-mail settings.</summary>
    public static EmailMessage Email(Message message, string address, string name, MessageText text, Portal.Shared.Towns.TownProfile portal, bool withAccount)
    {
        var cs = text.Render(message, CultureInfo.GetCultureInfo("cs"));
        var en = text.Render(message, CultureInfo.GetCultureInfo("en"));
        var link = portal.Link(message.Link);
        var body = new StringBuilder()
            .Append("Dobrý den,\n\n").Append(cs.Body).Append("\n\n").Append(cs.Action).Append(": ").Append(link).Append('\n');
        if (withAccount)
        {
            body.Append("\nVšechny zprávy najdete na portálu: ").Append(portal.Link("/Messages")).Append('\n')
                .Append(MessageKinds.Of(message.Kind).AlwaysEmailed
                    ? "Tuto zprávu posíláme e-mailem vždy: jde o doručení, které ukládá zákon.\n"
                    : "Které zprávy vám posíláme e-mailem, změníte zde: " + portal.Link("/Messages/Settings") + "\n");
        }

        body.Append("\n--\n").Append(en.Title).Append("\n\n").Append(en.Body).Append("\n\n").Append(en.Action).Append(": ").Append(link).Append('\n');
        if (withAccount)
        {
            body.Append(MessageKinds.Of(message.Kind).AlwaysEmailed
                ? "This message is always e-mailed: the law requires it to be delivered.\n"
                : "Choose which messages you get by e-mail: " + portal.Link("/Messages/Settings") + "\n");
        }

        body.Append('\n').Append(portal.Name).Append(" · Portál občana\n");
        return new EmailMessage(address, name, $"{cs.Title} / {en.Title}", body.ToString());
    }

    public static Dictionary<string, string> Data(params (string Key, object? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.Value!.ToString() ?? string.Empty,
        });
}

/// <summary>An e-mail copy of a message to send: the message and where to.</summary>
public sealed record EmailCopy(Guid MessageId, string Address, string Name);

/// <summary>E-mail copies of messages (up to <see cref="Notifier.EmailBatch"/>), sent in one go.</summary>
public sealed record SendMessageEmails(IReadOnlyList<EmailCopy> Copies);

/// <summary>
/// Sends the copies one after another (over one SMTP connection when a server is set, else into the pickup folder).
/// When the server fails part-way, what was sent stays sent and the rest goes on as a new message, retried on the
/// e-mail schedule. Each copy is recorded in the e-mail log as soon as it is written, so a batch delivered again (the
/// host killed half-way) skips what already went out: at most the one copy being written at the crash goes twice.
/// </summary>
public static class SendMessageEmailsHandler
{
    public static async Task<object[]> Handle(SendMessageEmails command, IDocumentStore store, IQuerySession session, IEmailSender sender, MessageText text, TimeProvider clock, Portal.Shared.Towns.ITowns towns, CancellationToken ct)
    {
        var messages = (await session.LoadManyAsync<Message>(ct, command.Copies.Select(c => c.MessageId).ToArray())).ToDictionary(m => m.Id);
        await using var log = await EmailLog.OpenAsync(store, command.Copies, ct);
        for (var i = 0; i < command.Copies.Count; i++)
        {
            var copy = command.Copies[i];
            if (!messages.TryGetValue(copy.MessageId, out var message) || log.WasSent(copy))
            {
                continue;
            }

            try
            {
                await sender.SendAsync(Notifier.Email(message, copy.Address, copy.Name, text, towns.Current, withAccount: message.CitizenId != Guid.Empty), ct);
            }
            catch (EmailDeliveryException) when (i > 0)
            {
                return [new SendMessageEmails(command.Copies.Skip(i).ToList())];
            }

            await log.RecordAsync(copy, clock.GetUtcNow(), CancellationToken.None);
        }

        return [];
    }
}

/// <summary>
/// The e-mail log (messages.email_sent): one row per message and address that went out, written right after the SMTP
/// server took it or the pickup file was written.
/// </summary>
internal sealed class EmailLog : IAsyncDisposable
{
    public const string Table = MessagesModule.Schema + ".email_sent";

    private readonly Npgsql.NpgsqlConnection connection;
    private readonly HashSet<(Guid, string)> sent;
    private Npgsql.NpgsqlCommand? insert;

    private EmailLog(Npgsql.NpgsqlConnection connection, HashSet<(Guid, string)> sent)
    {
        this.connection = connection;
        this.sent = sent;
    }

    public static Weasel.Postgresql.Tables.Table Definition()
    {
        var table = new Weasel.Postgresql.Tables.Table(new Weasel.Postgresql.PostgresqlObjectName(MessagesModule.Schema, "email_sent", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey().DefaultValueByString("*DEFAULT*");
        table.AddColumn<Guid>("message_id").AsPrimaryKey();
        table.AddColumn<string>("address").AsPrimaryKey();
        table.AddColumn("sent_at", "timestamp with time zone").NotNull();
        return table;
    }

    /// <summary>Opens the log for a batch and reads which of its copies went out before.</summary>
    public static async Task<EmailLog> OpenAsync(IDocumentStore store, IReadOnlyList<EmailCopy> copies, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            var sent = new HashSet<(Guid, string)>();
            await using (var read = new Npgsql.NpgsqlCommand($"select message_id, address from {Table} where tenant_id = @town and message_id = any(@ids)", connection))
            {
                read.Parameters.AddWithValue("town", TownContext.RequiredId);
                read.Parameters.AddWithValue("ids", copies.Select(c => c.MessageId).Distinct().ToArray());
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    sent.Add((reader.GetGuid(0), reader.GetString(1)));
                }
            }

            return new EmailLog(connection, sent);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public bool WasSent(EmailCopy copy) => sent.Contains((copy.MessageId, copy.Address));

    public async Task RecordAsync(EmailCopy copy, DateTimeOffset at, CancellationToken ct)
    {
        if (insert is null)
        {
            insert = new Npgsql.NpgsqlCommand($"insert into {Table} (tenant_id, message_id, address, sent_at) values (@town, @m, @a, @t) on conflict do nothing", connection);
            insert.Parameters.AddWithValue("town", TownContext.RequiredId);
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<Guid>("m", default(Guid)));
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<string>("a", string.Empty));
            insert.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset>("t", default(DateTimeOffset)));
            await insert.PrepareAsync(ct);
        }

        ((Npgsql.NpgsqlParameter<Guid>)insert.Parameters[1]).TypedValue = copy.MessageId;
        ((Npgsql.NpgsqlParameter<string>)insert.Parameters[2]).TypedValue = copy.Address;
        ((Npgsql.NpgsqlParameter<DateTimeOffset>)insert.Parameters[3]).TypedValue = at;
        await insert.ExecuteNonQueryAsync(ct);
        sent.Add((copy.MessageId, copy.Address));
    }

    public async ValueTask DisposeAsync()
    {
        if (insert is not null)
        {
            await insert.DisposeAsync();
        }

        await connection.DisposeAsync();
    }
}
