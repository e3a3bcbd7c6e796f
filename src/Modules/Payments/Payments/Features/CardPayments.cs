using Marten;
using Mediator;
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

public sealed class StartCardPaymentSlice(IDocumentSession session, IMessageBus bus, ICardGateway gateway, TimeProvider clock) : IRequestHandler<StartCardPayment, Uri>
{
    public async ValueTask<Uri> Handle(StartCardPayment request, CancellationToken cancellationToken)
    {
        var obligation = await Obligations.MineAsync(bus, request.ObligationId, request.Citizen, cancellationToken);
        if (obligation.Remaining <= 0)
        {
            throw new NotFoundException("Nothing to pay.");
        }

        var now = clock.GetUtcNow();
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            Channel = PaymentChannels.Card,
            State = PaymentState.Created,
            ObligationId = obligation.ObligationId,
            CitizenId = request.Citizen.Id,
            PayerName = obligation.PayerName,
            Amount = obligation.Remaining,
            VariableSymbol = obligation.VariableSymbol,
            Description = $"{obligation.FeeName} {obligation.Year}",
            CreatedAt = now,
        };

        // The payment is stored before the gateway hears of it: a notification can never arrive for an unknown one.
        session.Insert(payment);
        await session.SaveChangesAsync(cancellationToken);
        GatewayCreated created;
        try
        {
            created = await gateway.CreateAsync(new GatewayCreateRequest(payment.Id, (long)(payment.Amount * 100), "CZK", "Poplatek " + obligation.Year, request.Citizen.Email), cancellationToken);
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
        session.Store(payment);
        await session.SaveChangesAsync(cancellationToken);
        return created.RedirectUrl;
    }
}

/// <summary>
/// The gateway told us about a transaction (the citizen came back, or a notification arrived): ask the gateway for
/// its state, check it is ours (refId, amount, currency) and apply it once. Answers the payment (null: not ours).
/// </summary>
public sealed record ConfirmCardPayment(string TransactionId) : IRequest<Payment?>;

public sealed class ConfirmCardPaymentSlice(IDocumentStore store, IMartenOutbox outbox, ICardGateway gateway, TimeProvider clock, ILogger<ConfirmCardPaymentSlice> logger)
    : IRequestHandler<ConfirmCardPayment, Payment?>
{
    public async ValueTask<Payment?> Handle(ConfirmCardPayment request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var payment = await session.Query<Payment>().SingleOrDefaultAsync(p => p.GatewayTransactionId == request.TransactionId, cancellationToken);
            if (payment is null)
            {
                logger.LogWarning("Gateway transaction {TransactionId} is not one of ours", request.TransactionId);
                return null;
            }

            if (payment.State is PaymentState.Paid or PaymentState.Cancelled)
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
                case GatewayState.Paid:
                    await outbox.PublishAsync(payment.MarkPaid(now));
                    break;
                case GatewayState.Cancelled:
                    payment.State = PaymentState.Cancelled;
                    await outbox.PublishAsync(new PaymentFailed(payment.Id, payment.ObligationId!.Value, "cancelled", now));
                    break;
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
