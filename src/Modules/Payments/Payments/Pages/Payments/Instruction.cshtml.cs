using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Features;
using Portal.Payments.Gateway;

namespace Portal.Payments.Pages.Payments;

/// <summary>The printable payment instruction with QR Platba, and the way to the card gateway.</summary>
[Authorize]
public sealed class InstructionModel(IMediator mediator) : PageModel
{
    public PaymentInstruction Instruction { get; private set; } = default!;
    public bool GatewayFailed { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Instruction = await mediator.Send(new GetPaymentInstruction(id, CurrentUser.From(User)!), ct);

    /// <summary>The citizen gives up the pending card payment (after asking the gateway): back to the instruction.</summary>
    public async Task<IActionResult> OnPostAbandonAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new AbandonCardPayment(id, CurrentUser.From(User)!), ct);
        return Redirect($"/Payments/Instruction/{id}");
    }

    public async Task<IActionResult> OnPostCardAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var url = await mediator.Send(new StartCardPayment(id, CurrentUser.From(User)!), ct);
            return Redirect(url.ToString());
        }
        catch (Exception e) when (e is GatewayException or HttpRequestException or TaskCanceledException)
        {
            GatewayFailed = true;
            Instruction = await mediator.Send(new GetPaymentInstruction(id, CurrentUser.From(User)!), ct);
            return Page();
        }
    }
}
