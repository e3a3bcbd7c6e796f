using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Features;
using Portal.Identity.Contracts;

namespace Portal.Forms.Pages.Forms;

/// <summary>The confirmation after sending: the reference number as soon as the filing office has registered it.</summary>
[Authorize]
public sealed class SentModel(IMediator mediator) : PageModel
{
    public DraftView View { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        View = await mediator.Send(new GetDraft(id, CurrentUser.From(User)!.Id), ct);
        return View.Draft.IsSubmitted ? Page() : Redirect($"/Forms/Fill/{id}");
    }
}
