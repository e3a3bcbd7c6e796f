using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Contracts;
using Portal.Identity.Contracts;
using Portal.Payments.Features;
using Portal.Payments.Gateway;
using Portal.Shared.Validation;
using Wolverine;

namespace Portal.Payments.Pages.Payments;

/// <summary>Several fees paid with one card payment: what is chosen, the total, then the gateway.</summary>
[Authorize]
public sealed class CardModel(IMediator mediator, IMessageBus bus) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public List<Guid> Ids { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<PayableObligation> Chosen { get; private set; } = [];

    public bool GatewayFailed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            var url = await mediator.Send(new StartCombinedCardPayment(Chosen.Select(o => o.ObligationId).ToList(), CurrentUser.From(User)!), ct);
            return Redirect(url.ToString());
        }
        catch (ValidationFailedException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError(string.Empty, message);
            }

            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (Exception e) when (e is GatewayException or HttpRequestException or TaskCanceledException)
        {
            GatewayFailed = true;
            return Page();
        }
    }

    /// <summary>The citizen's own unpaid obligations among those named (all of them with "pay all").</summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User)!;
        if (!me.IsVerified)
        {
            throw new NotPermittedException("Fees are paid only by a verified identity.");
        }

        var mine = (await bus.InvokeAsync<PayableObligations>(new GetCitizenObligations(me.Id, UnpaidOnly: true), ct)).Items;
        Chosen = mine.Where(o => o.Remaining > 0 && (All || Ids.Contains(o.ObligationId))).OrderBy(o => o.DueDate).ThenBy(o => o.FeeName).ToList();
    }
}
