using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Fees.Contracts;
using Portal.Identity.Contracts;
using Portal.Payments.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Statements;
using Portal.Shared;
using Portal.Shared.Validation;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Payments.Features;

/// <summary>"Moje platby": every payment of the signed-in citizen, by any channel, newest first.</summary>
public sealed record ListMyPayments(CurrentUser Citizen) : IRequest<IReadOnlyList<Payment>>;

public sealed class ListMyPaymentsSlice(IQuerySession session) : IRequestHandler<ListMyPayments, IReadOnlyList<Payment>>
{
    public async ValueTask<IReadOnlyList<Payment>> Handle(ListMyPayments request, CancellationToken cancellationToken)
    {
        if (!request.Citizen.IsVerified)
        {
            throw new NotPermittedException("Payments are shown only to a verified identity.");
        }

        var id = request.Citizen.Id;
        return await session.Query<Payment>().Where(p => p.CitizenId == id).OrderByDescending(p => p.CreatedAt).Take(200).ToListAsync(cancellationToken);
    }
}

/// <summary>One payment (its receipt): its payer, or a fees clerk; anyone else gets "not found".</summary>
public sealed record GetPayment(Guid PaymentId, CurrentUser User) : IRequest<Payment>;

public sealed class GetPaymentSlice(IQuerySession session) : IRequestHandler<GetPayment, Payment>
{
    public async ValueTask<Payment> Handle(GetPayment request, CancellationToken cancellationToken)
    {
        var payment = await session.LoadAsync<Payment>(request.PaymentId, cancellationToken);
        if (payment is null || !((request.User.IsVerified && payment.CitizenId == request.User.Id) || request.User.IsClerkOf(Agendas.Fees)))
        {
            throw new NotFoundException("No such payment.");
        }

        return payment;
    }
}

/// <summary>
/// The payment instruction for one of my obligations: the SPAYD string and what it says while something is left to
/// pay; once it is paid, that it is paid and the payments (receipts) that paid it.
/// </summary>
public sealed record GetPaymentInstruction(Guid ObligationId, CurrentUser Citizen) : IRequest<PaymentInstruction>;

public sealed record PaymentInstruction(PayableObligation Obligation, string? Spayd, IReadOnlyList<Payment> Payments, Payment? PendingCardPayment = null, IReadOnlyList<Payment>? Applying = null)
{
    public bool IsPaid => Spayd is null;

    /// <summary>Payments confirmed but not yet counted by the fee's ledger (the page says they are being recorded).</summary>
    public IReadOnlyList<Payment> ApplyingPayments => Applying ?? [];

    /// <summary>What is owed is covered once the payments on their way are counted: no further payment is offered.</summary>
    public bool IsCovered { get; init; }
}

public sealed class GetPaymentInstructionSlice(IMessageBus bus, IQuerySession session, TownClock town) : IRequestHandler<GetPaymentInstruction, PaymentInstruction>
{
    public async ValueTask<PaymentInstruction> Handle(GetPaymentInstruction request, CancellationToken cancellationToken)
    {
        var obligation = await Obligations.MineAsync(bus, request.ObligationId, request.Citizen, cancellationToken);
        var id = obligation.ObligationId;
        var payments = await session.Query<Payment>().Where(p => (p.ObligationId == id || p.Parts.Any(x => x.ObligationId == id)) && p.State == PaymentState.Paid).OrderBy(p => p.PaidAt).ToListAsync(cancellationToken);
        var citizenId = request.Citizen.Id;
        var pending = await session.Query<Payment>()
            .Where(p => (p.ObligationId == id || p.Parts.Any(x => x.ObligationId == id)) && p.CitizenId == citizenId && p.State == PaymentState.Created && p.GatewayRedirectUrl != null)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var applying = await Obligations.ApplyingAsync(session, obligation, cancellationToken);
        return new PaymentInstruction(obligation, obligation.Remaining > 0 ? Obligations.Spayd(obligation, town.Today) : null, payments, pending, applying.Select(a => a.Payment).ToList())
        {
            IsCovered = obligation.Remaining > 0 && Obligations.Uncovered(obligation, applying) == 0,
        };
    }
}

internal static class Obligations
{
    /// <summary>
    /// Holds the card payment starts of these obligations (on every instance): a second press of "pay by card" waits
    /// for the first and then sees the payment it started or confirmed, never starts one beside it.
    /// </summary>
    public static Task<IAsyncDisposable> HoldCardStartsAsync(IDocumentSession session, IEnumerable<Guid> obligationIds, CancellationToken ct) =>
        Portal.Shared.Hosting.ClusterLock.HoldAsync(session.DocumentStore.Storage.Database.CreateConnection(), obligationIds.Select(id => "payments.card-start:" + id.ToString("N")), ct);

    /// <summary>
    /// Payments of the obligation confirmed here (paid by card, matched from a statement, assigned by a clerk) that the
    /// Fees ledger has not counted yet: the money is on its way through the outbox and already covers that much.
    /// </summary>
    public static async Task<IReadOnlyList<(Payment Payment, decimal Amount)>> ApplyingAsync(IQuerySession session, PayableObligation obligation, CancellationToken ct)
    {
        var id = obligation.ObligationId;
        var applied = (obligation.AppliedPaymentIds ?? []).ToHashSet();
        var paid = await session.Query<Payment>().Where(p => (p.ObligationId == id || p.Parts.Any(x => x.ObligationId == id)) && p.State == PaymentState.Paid).ToListAsync(ct);
        return paid
            .Select(p => p.Parts.Count == 0
                ? (Payment: p, LedgerId: p.Id, Amount: p.Amount)
                : (Payment: p, LedgerId: PaymentPart.IdFor(p.Id, id), Amount: p.Parts.Where(x => x.ObligationId == id).Sum(x => x.Amount)))
            .Where(x => !applied.Contains(x.LedgerId))
            .Select(x => (x.Payment, x.Amount))
            .ToList();
    }

    /// <summary>What is left to pay once the payments on their way are counted (never below zero).</summary>
    public static decimal Uncovered(PayableObligation obligation, IEnumerable<(Payment Payment, decimal Amount)> applying) =>
        Math.Max(0, obligation.Remaining - applying.Sum(a => a.Amount));

    /// <summary>The obligation, when it is the verified citizen's own; "not found" otherwise (no hint that it exists).</summary>
    public static async Task<PayableObligation> MineAsync(IMessageBus bus, Guid obligationId, CurrentUser citizen, CancellationToken ct)
    {
        if (!citizen.IsVerified)
        {
            throw new NotPermittedException("Fees are paid only by a verified identity.");
        }

        var found = (await bus.InvokeAsync<PayableObligations>(new GetObligation(obligationId), ct)).Items.SingleOrDefault();
        return found is not null && found.CitizenId == citizen.Id ? found : throw new NotFoundException("No such obligation.");
    }

    /// <summary>
    /// The QR Platba of what is left to pay. MSG and RN are written transliterated to upper-case ASCII and shortened
    /// on a word boundary to fit their limits as written; a due date already past is left out (some bank apps refuse
    /// a payment "due" in the past, and the payer pays today anyway).
    /// </summary>
    public static string Spayd(PayableObligation o, DateOnly today) => Domain.Spayd.Write(new SpaydPayment(
        o.Iban,
        o.Remaining,
        "CZK",
        o.VariableSymbol,
        DueDate: o.DueDate is { } due && due >= today ? due : null,
        Message: Domain.Spayd.Fit(o.Message, Domain.Spayd.MaxMessage),
        RecipientName: Domain.Spayd.Fit(o.RecipientName, Domain.Spayd.MaxRecipient)));
}

/// <summary>The clerk's queue: statement credits that did not match on their own, oldest first.</summary>
public sealed record ListUnassignedPayments : IRequest<IReadOnlyList<Payment>>;

public sealed class ListUnassignedPaymentsSlice(IQuerySession session) : IRequestHandler<ListUnassignedPayments, IReadOnlyList<Payment>>
{
    public async ValueTask<IReadOnlyList<Payment>> Handle(ListUnassignedPayments request, CancellationToken cancellationToken) =>
        await session.Query<Payment>().Where(p => p.State == PaymentState.Unassigned).OrderBy(p => p.CreatedAt).Take(500).ToListAsync(cancellationToken);
}

/// <summary>What one import's credits became, in the order of the statement's lines (at most 2 000 shown).</summary>
public sealed record ListImportLines(Guid ImportId) : IRequest<IReadOnlyList<Payment>>;

public sealed class ListImportLinesSlice(IQuerySession session) : IRequestHandler<ListImportLines, IReadOnlyList<Payment>>
{
    public async ValueTask<IReadOnlyList<Payment>> Handle(ListImportLines request, CancellationToken cancellationToken) =>
        await session.Query<Payment>().Where(p => p.ImportId == request.ImportId).OrderBy(p => p.StatementLine).Take(2000).ToListAsync(cancellationToken);
}

/// <summary>Statement imports, newest first.</summary>
public sealed record ListImports : IRequest<IReadOnlyList<StatementImport>>;

public sealed class ListImportsSlice(IQuerySession session) : IRequestHandler<ListImports, IReadOnlyList<StatementImport>>
{
    public async ValueTask<IReadOnlyList<StatementImport>> Handle(ListImports request, CancellationToken cancellationToken) =>
        await session.Query<StatementImport>().OrderByDescending(i => i.UploadedAt).Take(100).ToListAsync(cancellationToken);
}

public sealed record GetImport(Guid ImportId) : IRequest<StatementImport>;

public sealed class GetImportSlice(IQuerySession session) : IRequestHandler<GetImport, StatementImport>
{
    public async ValueTask<StatementImport> Handle(GetImport request, CancellationToken cancellationToken) =>
        await session.LoadAsync<StatementImport>(request.ImportId, cancellationToken) ?? throw new NotFoundException("No such import.");
}

/// <summary>
/// A fees clerk resolves a queued credit: assigns it to the obligation with the given variable symbol (the whole
/// amount goes to its ledger; an overpayment shows there as such) or marks it returned to the sender, with a note.
/// </summary>
public sealed record ResolvePayment(Guid PaymentId, string? VariableSymbol, bool Return, string? Note, CurrentUser Clerk) : IRequest;

public sealed class ResolvePaymentSlice(IDocumentSession session, IMartenOutbox outbox, IMessageBus bus, IStringLocalizer<PaymentsText> t, TimeProvider clock) : IRequestHandler<ResolvePayment>
{
    public async ValueTask<Unit> Handle(ResolvePayment request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks resolve payments.");
        }

        var payment = await session.LoadAsync<Payment>(request.PaymentId, cancellationToken) ?? throw new NotFoundException("No such payment.");
        if (payment.State != PaymentState.Unassigned)
        {
            throw new ValidationFailedException("payment", t["Tuto platbu už někdo vyřídil."]);
        }

        var note = request.Note?.Trim();
        var now = clock.GetUtcNow();
        if (request.Return)
        {
            if (note is not { Length: >= 3 })
            {
                throw new ValidationFailedException("note", t["Napište, proč platbu vracíte (alespoň 3 znaky)."]);
            }

            payment.State = PaymentState.Returned;
        }
        else
        {
            var symbol = Shared.Banking.PaymentSymbol.Normalize(request.VariableSymbol);
            if (string.IsNullOrEmpty(symbol))
            {
                throw new ValidationFailedException("variableSymbol", t["Zadejte variabilní symbol předpisu (nejvýše 10 číslic)."]);
            }

            var found = (await bus.InvokeAsync<PayableObligations>(new FindObligationsBySymbol([symbol]), cancellationToken)).Items;
            if (found.Count != 1)
            {
                throw new ValidationFailedException("variableSymbol", t["Předpis s tímto variabilním symbolem neexistuje."]);
            }

            outbox.Enroll(session);
            await outbox.PublishAsync(payment.SettleFor(found[0], now));
        }

        payment.ResolvedBy = request.Clerk.Name;
        payment.Note = note;
        session.Store(payment);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
