using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Filing.Pages.Submissions;

/// <summary>One of my submissions: status, deadline, timeline, and the answer to a request for completion.</summary>
[Authorize]
public sealed class DetailModel(IMediator mediator) : PageModel
{
    public SubmissionView View { get; private set; } = default!;

    [BindProperty]
    public string? Answer { get; set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => View = await mediator.Send(new GetMySubmission(id, CurrentUser.From(User)!.Id), ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var userId = CurrentUser.From(User)!.Id;
        try
        {
            await mediator.Send(new AnswerCompletion(id, userId, Answer), ct);
            return Redirect($"/Submissions/{id}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError(nameof(Answer), m);
            }

            View = await mediator.Send(new GetMySubmission(id, userId), ct);
            return Page();
        }
    }
}
