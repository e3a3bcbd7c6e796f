using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Features;

namespace Portal.Payments.Pages.Payments;

/// <summary>A printable confirmation of one paid payment.</summary>
[Authorize]
public sealed class ReceiptModel(IMediator mediator) : PageModel
{
    public Payment Payment { get; private set; } = default!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Payment = await mediator.Send(new GetPayment(id, CurrentUser.From(User)!), ct);
}
