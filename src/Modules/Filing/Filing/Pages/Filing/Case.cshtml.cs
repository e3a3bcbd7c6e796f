using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Filing.Pages.Filing;

/// <summary>A submission for a clerk of its agenda: its data and attachments, its timeline, and the next steps.</summary>
[Authorize(Roles = PortalRoles.Clerk)]
public sealed class CaseModel(IMediator mediator) : PageModel
{
    public SubmissionView View { get; private set; } = default!;

    [BindProperty]
    public string? Text { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => View = await mediator.Send(new GetCase(id, CurrentUser.From(User)!), ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CaseAction action, string? days, DateOnly? answerBy, CancellationToken ct)
    {
        var clerk = CurrentUser.From(User)!;
        try
        {
            await mediator.Send(new ActOnCase(id, clerk, action, Text, int.TryParse(days, out var d) ? d : 0, answerBy), ct);
            return Redirect($"/Filing/Case/{id}");
        }
        catch (Exception e) when (e is ValidationFailedException or JasperFx.ConcurrencyException)
        {
            if (e is ValidationFailedException v)
            {
                foreach (var m in v.Errors.SelectMany(x => x.Value))
                {
                    ModelState.AddModelError(string.Empty, m);
                }
            }
            else
            {
                ModelState.AddModelError(string.Empty, "Podání mezitím změnil někdo jiný. / Someone else changed it meanwhile.");
            }

            View = await mediator.Send(new GetCase(id, clerk), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
