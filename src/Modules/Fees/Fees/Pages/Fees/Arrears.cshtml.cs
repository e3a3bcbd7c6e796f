using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Fees.Pages.Fees;

/// <summary>The fees clerk's arrears list (nedoplatky) of a fee and year: who owes what since when, reminders sent, a reminder to the chosen.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class ArrearsModel(IMediator mediator, Portal.Shared.TownClock town) : PageModel
{
    /// <summary>The fee whose arrears are listed; a plain visit (none given) shows the first fee kind.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Fee { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public IReadOnlyList<FeeKind> Kinds { get; private set; } = [];
    public IReadOnlyList<Arrear> Items { get; private set; } = [];
    public int? Sent { get; private set; }

    public int SelectedYear => Year ?? town.Today.Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sent = TempData["arrears-sent"] as int?;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRemindAsync(List<Guid>? ids, CancellationToken ct)
    {
        try
        {
            TempData["arrears-sent"] = await mediator.Send(new SendArrearsReminders(ids ?? [], CurrentUser.From(User)!), ct);
            return Redirect($"/Fees/Arrears?fee={Uri.EscapeDataString(Fee ?? FeeCodes.Dog)}&year={SelectedYear}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e, "Remind");
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Kinds = await mediator.Send(new ListFeeKinds(), ct);
        Fee ??= FeeCodes.Dog;
        if (Kinds.All(k => k.Id != Fee))
        {
            Fee = Kinds.Count > 0 ? Kinds[0].Id : FeeCodes.Dog;
        }

        Items = await mediator.Send(new GetArrears(Fee!, SelectedYear, CurrentUser.From(User)!), ct);
    }
}
