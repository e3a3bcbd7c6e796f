using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Features;

namespace Portal.Payments.Pages.Payments;

/// <summary>"Moje platby": every payment by any channel; only for a verified identity.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Payment>? Items { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User)!;
        if (me.IsVerified)
        {
            Items = await mediator.Send(new ListMyPayments(me), ct);
        }
    }
}
