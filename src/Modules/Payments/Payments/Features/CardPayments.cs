using Portal.Shared.Towns;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Identity.Contracts;
using Portal.Payments.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Gateway;
using Portal.Shared.Validation;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Payments.Features;

/// <summary>A verified citizen pays the rest of one of their obligations by card: answers where to send them.</summary>
public sealed record StartCardPayment(Guid ObligationId, CurrentUser Citizen) : IRequest<Uri>;

public sealed class StartCardPaymentSlice(IDocumentSession session, IMessageBus bus, ICardGateway gateway, TimeProvider clock, IMediator mediator, Microsoft.Extensions.Options.IOptions<PaymentsOptions> options) : IRequestHandler<StartCardPayment, Uri>
{
    public async ValueTask<Uri> Handle(StartCardPayment request, CancellationToken cancellationToken)
    {
        // One start at a time per obligation (two presses, two tabs, two instances): the later one sees the first's work.
        await using var held = await Obligations.HoldCardStartsAsync(session, [request.ObligationId], cancellationToken);
        var obligation = await Obligations.MineAsync(bus, request.ObligationId, request.Citizen, cancellationToken);
        if (obligation.Remaining <= 0)
        {
            throw new NotFoundException("Nothing to pay.");
        }

        var now = clock.GetUtcNow();
        var instruction = new Uri($"/Payments/Instruction/{obligation.ObligationId}", UriKind.Relative);

        // A card payment of this obligation already started and not finished: continue it rather than start a second
        // one that could pay the fee twice (asked of the gateway first: it may have been paid meanwhile).
        var obligationId = obligation.ObligationId;
        var citizenId = request.Citizen.Id;
        var since = now - options.Value.PendingExpiry;
        var pending = await session.Query<Payment>()
            .Where(p => (p.ObligationId == obligationId || p.Parts.Any(x => x.ObligationId == obligationId)) && p.CitizenId == citizenId && p.State == PaymentState.Created && p.GatewayRedirectUrl != null && p.CreatedAt > since)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            var confirmed = await mediator.Send(new ConfirmCardPayment(pending.GatewayTransactionId!), cancellationToken);
            if (confirmed is { State: PaymentState.Created })
            {
                return new Uri(pending.GatewayRedirectUrl!);
            }

            if (confirmed is { State: PaymentState.Paid })
            {
                return instruction;
            }
        }

        // Money already confirmed for it (a card payment paid just now, a statement credit) that the ledger has not
        // counted yet covers that much: only the rest is taken, and nothing when it covers all (the page says so).
        var amount = Obligations.Uncovered(obligation, await Obligations.ApplyingAsync(session, obligation, cancellationToken));
        if (amount == 0)
        {
            return instruction;
        }

        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            Channel = PaymentChannels.Card,
            State = PaymentState.Created,
            ObligationId = obligation.ObligationId,
            CitizenId = request.Citizen.Id,
            PayerName = obligation.PayerName,
            Amount = amount,
            VariableSymbol = obligation.VariableSymbol,
            Description = $"{obligation.FeeName} {obligation.Year}",
            CreatedAt = now,
        };

        return await GatewayStart.CreateAsync(session, gateway, payment, "Poplatek " + obligation.Year, request.Citizen.Email, cancellationToken);
    }
}

/// <summary>Hands a new card payment to the gateway and answers where to send the citizen.</summary>
internal static class GatewayStart
{
    public static async Task<Uri> CreateAsync(IDocumentSession session, ICardGateway gateway, Payment payment, string label, string? email, CancellationToken cancellationToken)
    {
        // The payment is stored before the gateway hears of it: a notification can never arrive for an unknown one.
        session.Insert(payment);
        await session.SaveChangesAsync(cancellationToken);
        GatewayCreated created;
        try
        {
            created = await gateway.CreateAsync(new GatewayCreateRequest(payment.Id, (long)(payment.Amount * 100), "CZK", label, email), cancellationToken);
        }
        catch (Exception e) when (e is GatewayException or HttpRequestException or TaskCanceledException)
        {
            // The gateway never took it: the attempt shows as cancelled in the history, not as pending for ever.
            payment.State = PaymentState.Cancelled;
            payment.GatewayStatus = "not created";
            session.Store(payment);
            await session.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        payment.GatewayTransactionId = created.TransactionId;
        payment.GatewayRedirectUrl = created.RedirectUrl.ToString();
        session.Store(payment);
        await session.SaveChangesAsync(cancellationToken);
        return created.RedirectUrl;
    }
}

/// <summary>
/// The gateway told us about a transaction (the citizen came back, or a notification arrived): ask the gateway for
/// its state, check it is ours (refId, amount, currency) and apply it once. Answers the payment (null: not ours).
/// </summary>
public sealed record ConfirmCardPayment(string TransactionId) : IRequest<Payment?>
{
    /// <summary>The gateway status of a payment the portal expired because it stayed pending too long.</summary>
    public const string Expired = "expired";

    /// <summary>The gateway status of a payment the portal expired because the gateway kept refusing to tell its state.</summary>
    public const string UnknownToGateway = "unknown to the gateway";

    /// <summary>The citizen gave up a pending payment on the portal (the gateway had not settled it).</summary>
    public const string AbandonedByCitizen = "abandoned by the citizen";
}

/// <summary>
/// The citizen gives up a pending card payment (to pay by transfer, or start afresh): asked of the gateway first; if it
/// was paid meanwhile it is applied, otherwise it is set aside as abandoned. Not final: should the gateway report it
/// paid later after all, the money is applied (an overpayment if the fee was paid otherwise meanwhile).
/// </summary>
public sealed record AbandonCardPayment(Guid ObligationId, CurrentUser Citizen) : IRequest;

/// <summary>
/// A verified citizen pays several of their obligations with one card payment (ticked on "Moje poplatky", or all of
/// them): each part is what is left of its obligation. Answers where to send them. A card payment already under way for
/// any of them is continued when it is for the same obligations and otherwise refused (a fee is never paid twice).
/// </summary>
public sealed record StartCombinedCardPayment(IReadOnlyList<Guid> ObligationIds, CurrentUser Citizen) : IRequest<Uri>;

public sealed class StartCombinedCardPaymentSlice(IDocumentSession session, IMessageBus bus, ICardGateway gateway, TimeProvider clock, IMediator mediator, Microsoft.Extensions.Options.IOptions<PaymentsOptions> options, Microsoft.Extensions.Localization.IStringLocalizer<PaymentsText> t)
    : IRequestHandler<StartCombinedCardPayment, Uri>
{
    public const int MaxParts = 50;

    public async ValueTask<Uri> Handle(StartCombinedCardPayment request, CancellationToken cancellationToken)
    {
        var ids = request.ObligationIds.Distinct().ToList();
        if (ids.Count == 0 || ids.Count > MaxParts)
        {
            throw new ValidationFailedException("ids", string.Format(System.Globalization.CultureInfo.CurrentCulture, t["Vyberte alespoň jeden nezaplacený poplatek (nejvýše {0})."], MaxParts));
        }

        var obligations = new List<Portal.Fees.Contracts.PayableObligation>();
        foreach (var id in ids)
        {
            var obligation = await Obligations.MineAsync(bus, id, request.Citizen, cancellationToken);
            if (obligation.Remaining > 0)
            {
                obligations.Add(obligation);
            }
        }

        if (obligations.Count == 0)
        {
            throw new ValidationFailedException("ids", t["Vybrané poplatky jsou už zaplacené."]);
        }

        if (obligations.Count == 1)
        {
            return await mediator.Send(new StartCardPayment(obligations[0].ObligationId, request.Citizen), cancellationToken);
        }

        // One start at a time per obligation; read again once held, with what is on its way to the ledger counted.
        await using var held = await Obligations.HoldCardStartsAsync(session, obligations.Select(o => o.ObligationId), cancellationToken);
        var uncovered = new List<(Portal.Fees.Contracts.PayableObligation Obligation, decimal Amount)>();
        foreach (var chosenOne in obligations)
        {
            var obligation = await Obligations.MineAsync(bus, chosenOne.ObligationId, request.Citizen, cancellationToken);
            var amount = Obligations.Uncovered(obligation, await Obligations.ApplyingAsync(session, obligation, cancellationToken));
            if (amount > 0)
            {
                uncovered.Add((obligation, amount));
            }
        }

        if (uncovered.Count == 0)
        {
            return new Uri("/Payments", UriKind.Relative);
        }

        var now = clock.GetUtcNow();
        var citizenId = request.Citizen.Id;
        var since = now - options.Value.PendingExpiry;
        var chosen = uncovered.Select(o => o.Obligation.ObligationId).ToHashSet();
        var underWay = (await session.Query<Payment>()
            .Where(p => p.CitizenId == citizenId && p.Channel == PaymentChannels.Card && p.State == PaymentState.Created && p.GatewayTransactionId != null && p.CreatedAt > since)
            .ToListAsync(cancellationToken)).Where(p => p.Obligations.Any(chosen.Contains)).ToList();
        foreach (var pending in underWay)
        {
            var confirmed = await mediator.Send(new ConfirmCardPayment(pending.GatewayTransactionId!), cancellationToken);
            if (confirmed is { State: PaymentState.Created })
            {
                if (pending.Obligations.ToHashSet().SetEquals(chosen) && pending.GatewayRedirectUrl is not null)
                {
                    return new Uri(pending.GatewayRedirectUrl);
                }

                throw new ValidationFailedException("ids", t["Některý z vybraných poplatků už platíte kartou v jiné rozdělané platbě. Dokončete ji, nebo ji zrušte na stránce toho poplatku."]);
            }

            if (confirmed is { State: PaymentState.Paid })
            {
                return new Uri("/Payments", UriKind.Relative);
            }
        }

        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            Channel = PaymentChannels.Card,
            State = PaymentState.Created,
            CitizenId = citizenId,
            PayerName = uncovered[0].Obligation.PayerName,
            Amount = uncovered.Sum(o => o.Amount),
            Description = string.Join(", ", uncovered.Select(o => $"{o.Obligation.FeeName} {o.Obligation.Year}")),
            Parts = uncovered.Select(o => new PaymentPart(o.Obligation.ObligationId, o.Amount, o.Obligation.VariableSymbol, $"{o.Obligation.FeeName} {o.Obligation.Year}")).ToList(),
            CreatedAt = now,
        };

        return await GatewayStart.CreateAsync(session, gateway, payment, "Poplatky " + string.Join(", ", uncovered.Select(o => o.Obligation.Year).Distinct()), request.Citizen.Email, cancellationToken);
    }
}

public sealed class AbandonCardPaymentSlice(IDocumentSession session, IMessageBus bus, IMediator mediator) : IRequestHandler<AbandonCardPayment>
{
    public async ValueTask<Unit> Handle(AbandonCardPayment request, CancellationToken cancellationToken)
    {
        var obligation = await Obligations.MineAsync(bus, request.ObligationId, request.Citizen, cancellationToken);
        var obligationId = obligation.ObligationId;
        var citizenId = request.Citizen.Id;
        var pending = await session.Query<Payment>()
            .Where(p => (p.ObligationId == obligationId || p.Parts.Any(x => x.ObligationId == obligationId)) && p.CitizenId == citizenId && p.State == PaymentState.Created && p.GatewayTransactionId != null)
            .ToListAsync(cancellationToken);
        foreach (var payment in pending)
        {
            try
            {
                if (await mediator.Send(new ConfirmCardPayment(payment.GatewayTransactionId!), cancellationToken) is { State: not PaymentState.Created })
                {
                    continue; // paid or cancelled at the gateway meanwhile: applied as such
                }
            }
            catch (Exception e) when (e is GatewayException or HttpRequestException or TaskCanceledException)
            {
                // The gateway cannot be asked now: set aside all the same; the recheck of abandoned payments is the notification.
            }

            // The pending re-check may touch the payment meanwhile (its next check): read it again and try once more.
            for (var attempt = 0; ; attempt++)
            {
                await using var write = session.DocumentStore.LightweightSession(session.TenantId);
                var current = await write.LoadAsync<Payment>(payment.Id, cancellationToken);
                if (current is not { State: PaymentState.Created })
                {
                    break;
                }

                current.State = PaymentState.Cancelled;
                current.GatewayStatus = ConfirmCardPayment.AbandonedByCitizen;
                write.Store(current);
                try
                {
                    await write.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (JasperFx.ConcurrencyException) when (attempt < 3)
                {
                }
            }
        }

        return Unit.Value;
    }
}

public sealed class ConfirmCardPaymentSlice(IDocumentStore store, IMartenOutbox outbox, ICardGateway gateway, TimeProvider clock, ILogger<ConfirmCardPaymentSlice> logger)
    : IRequestHandler<ConfirmCardPayment, Payment?>
{
    public async ValueTask<Payment?> Handle(ConfirmCardPayment request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession(TownContext.RequiredId);
            var payment = await session.Query<Payment>().SingleOrDefaultAsync(p => p.GatewayTransactionId == request.TransactionId, cancellationToken);
            if (payment is null)
            {
                logger.LogWarning("Gateway transaction {TransactionId} is not one of ours", request.TransactionId);
                return null;
            }

            // Paid, or cancelled by the gateway: final. A payment the portal expired itself is still asked about: money
            // the gateway took after all is applied (an overpayment if the fee was paid meanwhile), never lost.
            if (payment.State is PaymentState.Paid || (payment.State is PaymentState.Cancelled && payment.GatewayStatus is not (ConfirmCardPayment.Expired or ConfirmCardPayment.UnknownToGateway or ConfirmCardPayment.AbandonedByCitizen)))
            {
                return payment;
            }

            var status = await gateway.StatusAsync(request.TransactionId, cancellationToken);
            if (status.RefId != payment.Id.ToString("N") || status.PriceMinor != (long)(payment.Amount * 100) || status.Currency != payment.Currency)
            {
                logger.LogError("Gateway status of {TransactionId} does not fit payment {PaymentId}; nothing applied", request.TransactionId, payment.Id);
                return payment;
            }

            var now = clock.GetUtcNow();
            payment.GatewayStatus = status.State.ToString();
            outbox.Enroll(session);
            switch (status.State)
            {
                case GatewayState.Paid when payment.Parts.Count > 0:
                    // One confirmation pays every part by its own amount, in this transaction: one message to the
                    // ledger, each part under its own id (applied once however often the gateway tells us).
                    payment.State = PaymentState.Paid;
                    payment.PaidAt = now;
                    await outbox.PublishAsync(new PaymentsReceived(payment.ReceivedParts()));
                    break;
                case GatewayState.Paid:
                    await outbox.PublishAsync(payment.MarkPaid(now));
                    break;
                case GatewayState.Cancelled when payment.State == PaymentState.Cancelled:
                    return payment;
                case GatewayState.Cancelled:
                    payment.State = PaymentState.Cancelled;
                    foreach (var obligation in payment.Obligations)
                    {
                        await outbox.PublishAsync(new PaymentFailed(payment.Id, obligation, "cancelled", now));
                    }

                    break;
                case GatewayState.Pending or GatewayState.Authorized when payment.State == PaymentState.Cancelled:
                    return payment; // expired here; the gateway has not settled it either
                default:
                    return payment;
            }

            session.Store(payment);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return payment;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 3)
            {
                // The return and the notification raced; the next round finds the payment applied.
            }
        }
    }
}

/// <summary>
/// Pending card payments are asked about again: a payment paid while the portal was unreachable (no notification, the
/// citizen never came back) would otherwise stay "created" for ever. Every <see cref="PaymentsOptions.PendingRecheckEvery"/>
/// the payments older than the grace period are checked with the gateway's status call, each with growing pauses
/// (1, 2, 4 … up to 60 intervals); paid or cancelled applies once as always (a payment confirmed after the fee was
/// paid is an overpayment in the ledger, never lost); one the gateway no longer knows, or still pending after
/// <see cref="PaymentsOptions.PendingExpiry"/>, expires with the reason. Every instance may run it: applying is idempotent.
/// </summary>
public sealed class PendingCardPaymentsRecheck(IServiceScopeFactory scopes, ITowns towns, Microsoft.Extensions.Options.IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<PendingCardPaymentsRecheck> logger)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PendingRecheckEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // One instance asks the gateway at a time (several may serve one database).
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
                await Portal.Shared.Hosting.ClusterLock.TryRunAsync(store.Storage.Database.CreateConnection(), "payments.pending-card-recheck", () => RecheckAllAsync(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pending card payments not rechecked this round");
            }
        }
    }

    /// <summary>
    /// Every active town's pending payments, each town on its own (with its own merchant at the gateway); one query first
    /// finds the towns that have any card payment still "created", so a round costs the same with 1 or 1 000 towns.
    /// </summary>
    private async Task RecheckAllAsync(CancellationToken ct)
    {
        HashSet<string> pending;
        await using (var scope = scopes.CreateAsyncScope())
        await using (var any = scope.ServiceProvider.GetRequiredService<IDocumentStore>().QuerySession())
        {
            pending = (await any.AdvancedSql.QueryAsync<string>(
                $"select distinct tenant_id from {PaymentsModule.Schema}.mt_doc_payment where data ->> 'State' in (?, ?) and data ->> 'GatewayTransactionId' is not null",
                ct,
                ((int)PaymentState.Created).ToString(System.Globalization.CultureInfo.InvariantCulture),
                nameof(PaymentState.Created))).ToHashSet(StringComparer.Ordinal);
        }

        foreach (var town in towns.All.Where(t => t.IsActive && pending.Contains(t.Id)))
        {
            try
            {
                await RecheckAsync(town.Id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pending card payments of town {Town} not rechecked this round", town.Id);
            }
        }
    }

    /// <summary>Rechecks one town's pending card payments.</summary>
    public async Task RecheckAsync(string townId, CancellationToken ct)
    {
        using var inTown = TownContext.Enter(townId);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var now = clock.GetUtcNow();
        var olderThan = now - options.Value.PendingGrace;
        List<Payment> due;
        await using (var query = store.QuerySession(TownContext.RequiredId))
        {
            due = (await query.Query<Payment>()
                .Where(p => p.State == PaymentState.Created && p.GatewayTransactionId != null && p.CreatedAt < olderThan && (p.NextCheckAt == null || p.NextCheckAt <= now))
                .OrderBy(p => p.CreatedAt).Take(100).ToListAsync(ct)).ToList();
        }

        foreach (var payment in due)
        {
            string? expire = null;
            try
            {
                var confirmed = await mediator.Send(new ConfirmCardPayment(payment.GatewayTransactionId!), ct);
                if (confirmed is not { State: PaymentState.Created })
                {
                    continue;
                }

                if (payment.CreatedAt < now - options.Value.PendingExpiry)
                {
                    expire = ConfirmCardPayment.Expired;
                }
            }
            catch (GatewayException e)
            {
                // The gateway refused to tell (an unknown transaction, or its own error): asked again with growing
                // pauses, and expired only after it kept refusing. Expired is not final: a later PAID still applies.
                logger.LogWarning("Gateway refused the status of pending payment {PaymentId} ({Checks} checks): {Message}", payment.Id, payment.Checks + 1, e.Message);
                expire = payment.Checks + 1 >= 5 ? ConfirmCardPayment.UnknownToGateway : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogInformation("Gateway unreachable for pending payment {PaymentId}; asked again later", payment.Id);
            }

            await using var session = store.LightweightSession(TownContext.RequiredId);
            var current = await session.LoadAsync<Payment>(payment.Id, ct);
            if (current is not { State: PaymentState.Created })
            {
                continue;
            }

            if (expire is not null)
            {
                current.State = PaymentState.Cancelled;
                current.GatewayStatus = expire;
                var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
                outbox.Enroll(session);
                foreach (var obligation in current.Obligations)
                {
                    await outbox.PublishAsync(new PaymentFailed(current.Id, obligation, expire, now));
                }
            }
            else
            {
                current.Checks++;
                current.NextCheckAt = now + (options.Value.PendingRecheckEvery * Math.Min(60, 1 << Math.Min(current.Checks, 6)));
            }

            session.Store(current);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (JasperFx.ConcurrencyException)
            {
                // Confirmed by a notification meanwhile: that one wins.
            }
        }
    }
}

/// <summary>The operator's "card payments recheck now" in a town.</summary>
public static class PaymentsTownHandler
{
    public static Task Handle(Portal.Towns.Contracts.TownJobRequested message, PendingCardPaymentsRecheck recheck, CancellationToken ct) =>
        message.Job == Portal.Towns.Contracts.TownJobs.CardRecheck ? recheck.RecheckAsync(TownContext.RequiredId, ct) : Task.CompletedTask;
}
