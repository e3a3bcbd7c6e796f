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
public sealed class UnassignedModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Payment> Items { get; private set; } = [];
    public Guid? Failed { get; private set; }

    /// <summary>What was just done (after the redirect): "assigned" to a variable symbol or "returned" to the sender.</summary>
    public string? Done { get; private set; }
    public string? DoneSymbol { get; private set; }

    public async Task OnGetAsync(string? done, string? vs, CancellationToken ct)
    {
        Done = done is "assigned" or "returned" ? done : null;
        DoneSymbol = vs is { Length: <= 10 } && vs.All(char.IsAsciiDigit) ? vs : null;
        Items = await mediator.Send(new ListUnassignedPayments(), ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid paymentId, string? variableSymbol, string? note, bool @return, CancellationToken ct)
    {
        try
        {
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

            Items = await mediator.Send(new ListUnassignedPayments(), ct);
            return Page();
        }
    }
}
