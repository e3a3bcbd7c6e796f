using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Features;
using Portal.Payments.Gateway;

namespace Portal.Payments.Pages.Payments;

/// <summary>
/// The citizen comes back from the gateway (<c>?id=transId&amp;refId=…</c>). The page does not trust the address: it
/// asks the gateway for the state (the same step as a notification) and shows what the gateway said.
/// </summary>
[Authorize]
public sealed class ReturnModel(IMediator mediator) : PageModel
{
    public Payment? Payment { get; private set; }
    public bool GatewayFailed { get; private set; }

    public async Task OnGetAsync(string? id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        try
        {
            var payment = await mediator.Send(new ConfirmCardPayment(id), ct);
            Payment = payment is not null && payment.CitizenId == CurrentUser.From(User)!.Id ? payment : null;
        }
        catch (Exception e) when (e is GatewayException or HttpRequestException or TaskCanceledException)
        {
            GatewayFailed = true;
        }
    }
}
