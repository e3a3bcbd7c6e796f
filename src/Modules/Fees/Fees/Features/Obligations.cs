using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Portal.Fees.Domain;
using Portal.Fees.Infrastructure;
using Portal.Fees.Contracts;
using Portal.Identity.Contracts;
using Portal.Payments.Contracts;
using Portal.Shared.Validation;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Portal.Fees.Features;

/// <summary>One entry of an obligation's ledger, as shown.</summary>
public sealed record LedgerEntry(DateTimeOffset At, string Kind, decimal Amount, string? Text);

/// <summary>"Moje poplatky": the signed-in citizen's obligations, newest year first.</summary>
public sealed record GetMyFees(CurrentUser Citizen) : IRequest<MyFees>;

/// <param name="OpenPairings">Payers matching this identity only by name and date of birth, waiting for the fees clerk.</param>
public sealed record MyFees(IReadOnlyList<Obligation> Obligations, IReadOnlyDictionary<string, FeeKind> Kinds, IReadOnlyDictionary<Guid, Registration> Registrations, int OpenPairings);

/// <summary>
/// Data tied to a person is shown only to a verified identity (NIA, substantial or higher): an unverified account
/// could have been registered under anybody's name (DOMAIN.md §1, "no mix-up of persons").
/// </summary>
public sealed class GetMyFeesSlice(IQuerySession session) : IRequestHandler<GetMyFees, MyFees>
{
    public async ValueTask<MyFees> Handle(GetMyFees request, CancellationToken cancellationToken)
    {
        if (!request.Citizen.IsVerified)
        {
            throw new NotPermittedException("Fees are shown only to a verified identity.");
        }

        // Two round trips: the obligations, the fee kinds and the open pairings batched, then the obligations'
        // registrations. (An include with paging makes Marten fill a temporary table per request: several times slower.)
        var citizenId = request.Citizen.Id;
        var batch = session.CreateBatchQuery();
        var mine = batch.Query<Obligation>().Where(o => o.CitizenId == citizenId).OrderByDescending(o => o.Year).ThenBy(o => o.FeeCode).Take(100).ToList();
        var kinds = batch.Query<FeeKind>().ToList();
        var pairings = batch.Query<PairingProposal>().Count(p => p.UserId == citizenId && p.State == PairingState.Open);
        await batch.Execute(cancellationToken);
        var obligations = await mine;
        var registrationIds = obligations.Select(o => o.RegistrationId).Distinct().ToArray();
        var registrations = (await session.LoadManyAsync<Registration>(cancellationToken, registrationIds)).ToDictionary(r => r.Id);
        return new MyFees(obligations, (await kinds).ToDictionary(k => k.Id), registrations, (int)await pairings);
    }
}

/// <summary>One obligation with its ledger: its payer (verified) or a fees clerk; anyone else gets "not found".</summary>
public sealed record GetObligationLedger(Guid ObligationId, CurrentUser User) : IRequest<ObligationLedger>;

public sealed record ObligationLedger(Obligation Obligation, FeeKind? Kind, IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<AssessmentLine> Lines);

public sealed class GetObligationLedgerSlice(IQuerySession session) : IRequestHandler<GetObligationLedger, ObligationLedger>
{
    public async ValueTask<ObligationLedger> Handle(GetObligationLedger request, CancellationToken cancellationToken)
    {
        var obligation = await session.LoadAsync<Obligation>(request.ObligationId, cancellationToken);
        var mine = obligation is not null && request.User.IsVerified && obligation.CitizenId == request.User.Id;
        if (obligation is null || !(mine || request.User.IsClerkOf(Agendas.Fees)))
        {
            throw new NotFoundException("No such obligation.");
        }

        var events = await session.Events.FetchStreamAsync(obligation.Id, token: cancellationToken);
        var entries = events.Select(e => e.Data switch
        {
            Assessed a => new LedgerEntry(a.At, "assessed", a.Amount, string.Join("; ", a.Lines.Select(FeeCalculator.Explain))),
            PaymentApplied p => new LedgerEntry(p.At, "paid", p.Amount, p.Channel),
            PayerLinked l => new LedgerEntry(l.At, "linked", 0, null),
            PayerUnlinked u => new LedgerEntry(u.At, "unlinked", 0, null),
            Adjusted a => new LedgerEntry(a.At, "adjusted", a.Delta, a.Reason + " (" + a.ClerkName + ")"),
            WrittenOff w => new LedgerEntry(w.At, "written-off", w.Amount, w.Reason + " (" + w.ClerkName + ")"),
            OverpaymentRefunded r => new LedgerEntry(r.At, "refunded", -r.Amount, r.Reason + " (" + r.ClerkName + ")"),
            OverpaymentCarried c => new LedgerEntry(c.At, "carried", -c.Amount, c.ToYear.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (" + c.ClerkName + ")"),
            _ => new LedgerEntry(e.Timestamp, "other", 0, null),
        }).ToList();
        var lines = events.Select(e => e.Data).OfType<Assessed>().FirstOrDefault()?.Lines ?? [];
        return new ObligationLedger(obligation, await session.LoadAsync<FeeKind>(obligation.FeeCode, cancellationToken), entries, lines);
    }
}

public enum LedgerAction
{
    Adjust,
    WriteOff,

    /// <summary>Send (part of) the overpayment back to the payer.</summary>
    Refund,

    /// <summary>Carry (part of) the overpayment to the payer's next obligation of the same fee.</summary>
    Carry,
}

/// <summary>
/// A fees clerk adjusts an obligation's amount or writes the rest off, always with a reason; an overpayment is
/// refunded (with a note) or carried to the payer's next obligation of the same fee (both ledgers in one transaction).
/// </summary>
public sealed record ChangeObligation(Guid ObligationId, LedgerAction Action, decimal? Amount, string? Reason, CurrentUser Clerk) : IRequest;

public sealed class ChangeObligationSlice(IDocumentSession session, IStringLocalizer<FeesText> t, TimeProvider clock) : IRequestHandler<ChangeObligation>
{
    public async ValueTask<Unit> Handle(ChangeObligation request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks change obligations.");
        }

        var stream = await session.Events.FetchForWriting<Obligation>(request.ObligationId, cancellationToken);
        var obligation = stream.Aggregate ?? throw new NotFoundException("No such obligation.");
        var errors = new ValidationErrors();
        var reason = request.Reason?.Trim() ?? string.Empty;
        if (request.Action != LedgerAction.Carry && reason.Length is < 3 or > 500)
        {
            errors.Add("reason", t["Uveďte důvod (3 až 500 znaků)."]);
        }

        var now = clock.GetUtcNow();
        if (request.Action == LedgerAction.Adjust)
        {
            if (request.Amount is not { } delta || delta == 0 || decimal.Round(delta, 2) != delta || Math.Abs(delta) > 1_000_000)
            {
                errors.Add("amount", t["Zadejte změnu částky v korunách (nejvýše dvě desetinná místa, kladnou nebo zápornou)."]);
            }
            else if (obligation.Amount + delta < 0)
            {
                errors.Add("amount", t["Po změně by byla částka záporná."]);
            }

            errors.ThrowIfAny();
            stream.AppendOne(new Adjusted(request.Amount!.Value, reason, request.Clerk.Name, now));
        }
        else if (request.Action == LedgerAction.WriteOff)
        {
            if (obligation.Remaining == 0)
            {
                errors.Add("amount", t["Předpis je uhrazen; není co odepsat."]);
            }

            errors.ThrowIfAny();
            stream.AppendOne(new WrittenOff(obligation.Remaining, reason, request.Clerk.Name, now));
        }
        else
        {
            // Of the overpayment: the amount given, or all of it.
            var amount = request.Amount ?? obligation.Overpaid;
            if (obligation.Overpaid <= 0)
            {
                errors.Add("amount", t["Předpis nemá přeplatek."]);
            }
            else if (amount <= 0 || decimal.Round(amount, 2) != amount || amount > obligation.Overpaid)
            {
                errors.Add("amount", string.Format(System.Globalization.CultureInfo.CurrentCulture, t["Zadejte částku nejvýše do výše přeplatku ({0} Kč)."], obligation.Overpaid.ToString("N2", System.Globalization.CultureInfo.CurrentCulture)));
            }

            if (request.Action == LedgerAction.Refund)
            {
                errors.ThrowIfAny();
                stream.AppendOne(new OverpaymentRefunded(amount, reason, request.Clerk.Name, now));
            }
            else
            {
                // The payer's next obligation of this fee: the same registration's first later year that is assessed.
                var later = Obligation.IdsFor(new Registration { Id = obligation.RegistrationId, From = new DateOnly(obligation.Year + 1, 1, 1) }, obligation.Year + 5);
                var next = (await session.LoadManyAsync<Obligation>(cancellationToken, later)).OrderBy(o => o.Year).FirstOrDefault();
                if (next is null && errors.IsEmpty)
                {
                    errors.Add("amount", t["Poplatník nemá další předpis tohoto poplatku; přeplatek lze převést až po vyměření dalšího roku, nebo ho vraťte."]);
                }

                errors.ThrowIfAny();
                stream.AppendOne(new OverpaymentCarried(amount, next!.Id, next.Year, request.Clerk.Name, now));

                // The next obligation takes it the way the ledger takes any payment (its stream locked, applied once),
                // in this transaction: both ledgers change together or neither does.
                var applied = await Ledger.ApplyAsync(session, [new PaymentReceived(CarriedPaymentId(obligation.Id, obligation.CarriedOut), next.Id, amount, Obligation.CarriedChannel, obligation.VariableSymbol, now)], cancellationToken);
                if (applied.Count == 0)
                {
                    // The next year's ledger is not there yet (its assessment is still being written): nothing is moved.
                    throw new ValidationFailedException("amount", t["Další předpis se právě vyměřuje; zkuste to prosím za chvíli."]);
                }
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    /// <summary>The id of a carried overpayment as the next ledger applies it: one per source and carry (applied once).</summary>
    private static Guid CarriedPaymentId(Guid from, decimal carriedBefore)
    {
        var input = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"carry|{from:N}|{carriedBefore}"));
        var hash = System.Security.Cryptography.SHA256.HashData(input);
        return new Guid(hash.AsSpan(0, 16));
    }
}

/// <summary>
/// Payments tells the ledger that money arrived. The payments are spread over the ledger's lanes by obligation (one
/// obligation always to the same lane), and each lane applies its share one message at a time: two payments of one
/// obligation never race on its snapshot, while different obligations settle side by side.
/// </summary>
public static class PaymentReceivedHandler
{
    public static OutgoingMessages Handle(PaymentReceived message, IOptions<FeesOptions> options) => Ledger.Route([message], options.Value.LedgerLanes);
}

public static class PaymentsReceivedHandler
{
    public static OutgoingMessages Handle(PaymentsReceived message, IOptions<FeesOptions> options) => Ledger.Route(message.Payments, options.Value.LedgerLanes);
}

/// <summary>One lane's share of payments, applied in one transaction. Each payment id is applied once (the snapshot
/// remembers them), so a redelivered or replayed message changes nothing.</summary>
public sealed record ApplyPayments(IReadOnlyList<PaymentReceived> Payments);

public static class ApplyPaymentsHandler
{
    public static async Task Handle(ApplyPayments message, IDocumentSession session, IMessageBus bus, FeesMetrics metrics, ILogger<ApplyPayments> logger, CancellationToken cancellationToken)
    {
        var settled = new Dictionary<Guid, Obligation>();
        var applied = await Ledger.ApplyAsync(session, message.Payments, cancellationToken, settled);
        if (applied.Count < message.Payments.Count)
        {
            logger.LogInformation("Ledger: {Applied} of {Count} payments applied; the rest were applied before or name no obligation", applied.Count, message.Payments.Count);
        }

        // The citizens with an account hear of their payments (and of an overpayment) from the message centre; the
        // event leaves with this transaction.
        var told = applied.Where(p => settled.GetValueOrDefault(p.ObligationId)?.CitizenId is not null).ToList();
        if (told.Count > 0)
        {
            var kinds = (await session.Query<FeeKind>().ToListAsync(cancellationToken)).ToDictionary(k => k.Id);
            await bus.PublishAsync(new PaymentsApplied(told.Select(p =>
            {
                var o = settled[p.ObligationId];
                var kind = kinds.GetValueOrDefault(o.FeeCode);
                return new AppliedPayment(p.PaymentId, o.Id, o.CitizenId!.Value, kind?.NameCs ?? o.FeeCode, kind?.NameEn ?? o.FeeCode, o.Year, p.Amount, o.Remaining, o.Overpaid, p.ReceivedAt);
            }).ToList()));
        }

        // Committed here rather than by the transactional middleware after the handler, so the settlement is counted
        // only once it is in the ledger (a batch rolled back and retried would otherwise be counted twice).
        await session.SaveChangesAsync(cancellationToken);
        foreach (var payment in applied)
        {
            metrics.Settled(payment.Channel, payment.Amount);
        }
    }
}

internal static class Ledger
{
    public static string Lane(int lane) => $"{FeesModule.LedgerQueue}-{lane}";

    public static OutgoingMessages Route(IReadOnlyList<PaymentReceived> payments, int lanes)
    {
        var outgoing = new OutgoingMessages();
        foreach (var group in payments.GroupBy(p => (int)(BitConverter.ToUInt32(p.ObligationId.ToByteArray(), 0) % (uint)lanes)))
        {
            outgoing.Add(new ApplyPayments(group.ToList()).ToEndpoint(Lane(group.Key)));
        }

        return outgoing;
    }

    /// <summary>
    /// Appends the payments not applied before to their obligations' ledgers, in a few set-based statements rather
    /// than two database functions per payment (the way Marten appends to an existing stream and upserts its inline
    /// snapshot): a 100 000-line statement is 100 000 appends. The streams are locked first, so a clerk's change to the
    /// same obligation waits or fails its version check; the events and snapshots written are exactly what Marten
    /// writes (same tables, serializer, event type names and versions), read back by Marten as usual. Answers the
    /// payments appended.
    /// </summary>
    public static async Task<IReadOnlyList<PaymentReceived>> ApplyAsync(IDocumentSession session, IReadOnlyList<PaymentReceived> payments, CancellationToken ct, IDictionary<Guid, Obligation>? settled = null)
    {
        var store = (DocumentStore)session.DocumentStore;
        var events = store.Events;
        var serializer = store.Options.Serializer();
        var streams = $"{events.DatabaseSchemaName}.mt_streams";
        var ids = payments.Select(p => p.ObligationId).Distinct().ToArray();
        await session.BeginTransactionAsync(ct);
        var obligations = (await session.QueryAsync<Obligation>(
            $"select d.data from {FeesModule.Schema}.mt_doc_obligation as d join {streams} as s on s.tenant_id = d.tenant_id and s.id = d.id where d.tenant_id = ? and d.id = any(?) order by d.id for update of s",
            ct,
            session.TenantId,
            ids)).ToDictionary(o => o.Id);

        var applied = new List<PaymentReceived>();
        var rows = new List<(Guid Stream, Guid EventId, string Event, int Number)>();
        var perStream = new Dictionary<Guid, int>();
        foreach (var payment in payments)
        {
            if (obligations.TryGetValue(payment.ObligationId, out var obligation) && !obligation.AppliedPayments.Contains(payment.PaymentId))
            {
                var e = new PaymentApplied(payment.PaymentId, payment.Amount, payment.Channel, payment.ReceivedAt);
                obligation.Apply(e);
                var number = perStream[obligation.Id] = perStream.GetValueOrDefault(obligation.Id) + 1;
                rows.Add((obligation.Id, Guid.CreateVersion7(), serializer.ToJson(e), number));
                applied.Add(payment);
                settled?.TryAdd(obligation.Id, obligation);
            }
        }

        if (rows.Count == 0)
        {
            return applied;
        }

        // Each stream's version goes up by its number of new events; the events take the versions in between and the
        // snapshot takes the last (a snapshot's revision is its stream's version, as Marten's inline projection keeps it).
        var touched = rows.Select(r => r.Stream).Distinct().ToArray();
        var mapping = events.EventMappingFor(typeof(PaymentApplied));
        session.QueueSqlCommand(
            $"""
            with input as (select * from unnest(?::uuid[], ?::uuid[], ?::jsonb[], ?::int[]) as i(stream_id, event_id, data, number)),
            counts as (select stream_id, count(*) as added from input group by stream_id),
            bumped as (
                update {streams} as s set version = s.version + counts.added, timestamp = now()
                from counts where s.tenant_id = ? and s.id = counts.stream_id
                returning s.id, s.version, counts.added),
            appended as (
                insert into {events.DatabaseSchemaName}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, tenant_id)
                select nextval('{events.DatabaseSchemaName}.mt_events_sequence'), ordered.*, ?, now(), ?, ?
                from (select input.event_id, input.stream_id, bumped.version - bumped.added + input.number, input.data
                      from input join bumped on bumped.id = input.stream_id
                      order by input.stream_id, input.number) as ordered)
            update {FeesModule.Schema}.mt_doc_obligation as d set data = docs.data, mt_version = bumped.version, mt_last_modified = now()
            from unnest(?::uuid[], ?::jsonb[]) as docs(id, data) join bumped on bumped.id = docs.id
            where d.tenant_id = ? and d.id = docs.id
            """,
            rows.Select(r => r.Stream).ToArray(),
            rows.Select(r => r.EventId).ToArray(),
            rows.Select(r => r.Event).ToArray(),
            rows.Select(r => r.Number).ToArray(),
            session.TenantId,
            mapping.EventTypeName,
            mapping.DotNetTypeName,
            session.TenantId,
            touched,
            touched.Select(id => serializer.ToJson(obligations[id])).ToArray(),
            session.TenantId);
        return applied;
    }
}

/// <summary>Answers Payments' questions about obligations (in-process request/reply; Payments keeps no copy).</summary>
public static class ObligationQueriesHandler
{
    public static async Task<PayableObligations> Handle(GetCitizenObligations query, ISessionFactory sessions, Portal.Shared.TownClock town, CancellationToken ct)
    {
        await using var session = sessions.QuerySession(); // the request connections (docs/architecture.md §15)
        var list = await session.Query<Obligation>().Where(o => o.CitizenId == query.CitizenId).OrderByDescending(o => o.Year).Take(200).ToListAsync(ct);
        return await ToPayable(session, query.UnpaidOnly ? list.Where(o => o.Remaining > 0) : list, town.Today, ct);
    }

    public static async Task<PayableObligations> Handle(GetObligation query, IQuerySession session, Portal.Shared.TownClock town, CancellationToken ct) =>
        await ToPayable(session, await session.LoadAsync<Obligation>(query.ObligationId, ct) is { } o ? [o] : [], town.Today, ct);

    public static async Task<PayableObligations> Handle(FindObligationsBySymbol query, IQuerySession session, Portal.Shared.TownClock town, CancellationToken ct)
    {
        var symbols = query.VariableSymbols.Select(s => s.TrimStart('0')).Where(s => s.Length > 0).Distinct().ToArray();
        var list = await session.Query<Obligation>().Where(o => o.VariableSymbol.IsOneOf(symbols)).ToListAsync(ct);
        return await ToPayable(session, list, town.Today, ct);
    }

    public static async Task<FeeAccounts> Handle(GetFeeAccounts query, IQuerySession session, CancellationToken ct)
    {
        var kinds = await session.Query<FeeKind>().OrderBy(k => k.Id).ToListAsync(ct);
        return new FeeAccounts(kinds.Where(k => k.Iban.Length > 0).GroupBy(k => k.Iban)
            .Select(g => new FeeAccount(g.First().Account, g.Key, g.Select(k => k.NameCs).ToList())).ToList());
    }

    private static async Task<PayableObligations> ToPayable(IQuerySession session, IEnumerable<Obligation> obligations, DateOnly today, CancellationToken ct)
    {
        var kinds = (await session.Query<FeeKind>().ToListAsync(ct)).ToDictionary(k => k.Id);
        return new PayableObligations(obligations.Where(o => kinds.ContainsKey(o.FeeCode)).Select(o =>
        {
            var kind = kinds[o.FeeCode];
            return new PayableObligation(o.Id, o.CitizenId, o.PayerName, o.FeeCode, kind.NameCs, o.Year, o.Amount, o.Credit, o.WrittenOff, o.Remaining, o.VariableSymbol,
                o.NextDueDate, kind.Iban, kind.Account, kind.RecipientName, $"{kind.NameCs} {o.Year}", o.OverdueOn(today), kind.NameEn, o.AppliedPayments);
        }).ToList());
    }
}
