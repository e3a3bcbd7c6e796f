using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Features;
using Portal.Shared.Validation;

namespace Portal.Payments.Pages.Payments;

/// <summary>The queue of statement credits that did not match on their own: assign to a variable symbol or return.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class UnassignedModel(IMediator mediator, Wolverine.IMessageBus bus) : PageModel
{
    public IReadOnlyList<Payment> Items { get; private set; } = [];

    /// <summary>Whose the variable symbols offered in the queue are (payer, fee, year, what is left), by symbol without leading zeros.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Portal.Fees.Contracts.PayableObligation>> Owners { get; private set; } = new Dictionary<string, IReadOnlyList<Portal.Fees.Contracts.PayableObligation>>();

    public static string Key(string? symbol) => (symbol ?? string.Empty).Trim().TrimStart('0');
    public Guid? Failed { get; private set; }

    /// <summary>What was just done (after the redirect): "assigned" to a variable symbol or "returned" to the sender.</summary>
    public string? Done { get; private set; }
    public string? DoneSymbol { get; private set; }

    public async Task OnGetAsync(string? done, string? vs, CancellationToken ct)
    {
        Done = done is "assigned" or "returned" ? done : null;
        DoneSymbol = vs is { Length: <= 10 } && vs.All(char.IsAsciiDigit) ? vs : null;
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await mediator.Send(new ListUnassignedPayments(), ct);
        var symbols = Items.Select(p => p.VariableSymbol).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).Distinct().ToList();
        if (symbols.Count > 0)
        {
            var found = await bus.InvokeAsync<Portal.Fees.Contracts.PayableObligations>(new Portal.Fees.Contracts.FindObligationsBySymbol(symbols), ct);
            Owners = found.Items.GroupBy(o => Key(o.VariableSymbol)).ToDictionary(g => g.Key, g => (IReadOnlyList<Portal.Fees.Contracts.PayableObligation>)g.ToList());
        }
    }

    /// <summary>An assignment waiting for the clerk's "yes": the payment, the symbol and whose it is.</summary>
    public (Payment Payment, string Symbol, string? Note, IReadOnlyList<Portal.Fees.Contracts.PayableObligation> Owners)? Confirm { get; private set; }

    public async Task<IActionResult> OnPostAsync(Guid paymentId, string? variableSymbol, string? note, bool @return, bool confirmed, CancellationToken ct)
    {
        try
        {
            if (!@return && !confirmed && !string.IsNullOrWhiteSpace(variableSymbol))
            {
                // First say whose the symbol is; the money moves only after the clerk's "yes".
                await LoadAsync(ct);
                var symbol = variableSymbol.Trim();
                var owners = (await bus.InvokeAsync<Portal.Fees.Contracts.PayableObligations>(new Portal.Fees.Contracts.FindObligationsBySymbol([symbol]), ct)).Items;
                if (Items.FirstOrDefault(p => p.Id == paymentId) is { } payment && owners.Count > 0)
                {
                    Confirm = (payment, symbol, note, owners);
                    return Page();
                }
            }

            await mediator.Send(new ResolvePayment(paymentId, variableSymbol, @return, note, CurrentUser.From(User)!), ct);
            return Redirect(@return ? "/Payments/Unassigned?done=returned" : "/Payments/Unassigned?done=assigned&vs=" + Uri.EscapeDataString(variableSymbol?.Trim() ?? string.Empty));
        }
        catch (ValidationFailedException e)
        {
            Failed = paymentId;
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("Resolve", m);
            }

            await LoadAsync(ct);
            return Page();
        }
    }
}
