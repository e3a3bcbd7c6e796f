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
            var files = new List<UploadedFile>();
            foreach (var file in Request.Form.Files.Where(f => f.Length > 0))
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                files.Add(new UploadedFile(file.FileName, buffer.ToArray()));
            }

            await mediator.Send(new AnswerCompletion(id, userId, Answer, files), ct);
            return Redirect($"/Submissions/{id}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var m in messages)
                {
                    ModelState.AddModelError(field == "files" ? "Files" : nameof(Answer), m);
                }
            }

            View = await mediator.Send(new GetMySubmission(id, userId), ct);
            return Page();
        }
    }
}
