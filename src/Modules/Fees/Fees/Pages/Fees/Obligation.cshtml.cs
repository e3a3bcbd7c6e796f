using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Fees.Pages.Fees;

/// <summary>One obligation and its ledger: the payer sees it; a fees clerk also adjusts it or writes it off.</summary>
[Authorize]
public sealed class ObligationModel(IMediator mediator) : PageModel
{
    public ObligationLedger Ledger { get; private set; } = default!;
    public bool IsClerk { get; private set; }

    [BindProperty]
    public ChangeInput Input { get; set; } = new();

    public async Task OnGetAsync(Guid id, CancellationToken ct) => await Load(id, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, LedgerAction action, CancellationToken ct)
    {
        try
        {
            decimal? amount = CzechNumber.TryParseAmount(Input.Amount, out var a) ? a : null;
            await mediator.Send(new ChangeObligation(id, action, amount, Input.Reason, CurrentUser.From(User)!), ct);
            return Redirect($"/Fees/Obligation/{id}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            await Load(id, ct);
            return Page();
        }
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        var me = CurrentUser.From(User)!;
        IsClerk = me.IsClerkOf(Agendas.Fees);
        Ledger = await mediator.Send(new GetObligationLedger(id, me), ct);
    }

    public sealed class ChangeInput
    {
        public string? Amount { get; set; }
        public string? Reason { get; set; }
    }
}
