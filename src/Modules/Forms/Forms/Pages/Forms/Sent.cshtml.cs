using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Features;
using Portal.Identity.Contracts;

namespace Portal.Forms.Pages.Forms;

/// <summary>The confirmation after sending: the reference number as soon as the filing office has registered it.</summary>
[Authorize]
public sealed class SentModel(IMediator mediator, Portal.Shared.TownClock town) : PageModel
{
    public DraftView View { get; private set; } = default!;

    /// <summary>The last day of the office's 30 days (správní řád §71 with §40), counted from the town's day of sending.</summary>
    public DateOnly Deadline => Portal.Shared.Time.CzechCalendar.PeriodEnd(town.DateOf(View.Draft.SubmittedAt!.Value), 30);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        View = await mediator.Send(new GetDraft(id, CurrentUser.From(User)!.Id), ct);
        return View.Draft.IsSubmitted ? Page() : Redirect($"/Forms/Fill/{id}");
    }
}
