using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Filing.Pages.Submissions;

/// <summary>One of my submissions: status, deadline, timeline, and the answer to a request for completion.</summary>
[Authorize]
[OwnSubmissionBeforeBody]
public sealed class DetailModel(IMediator mediator) : PageModel
{
    public SubmissionView View { get; private set; } = default!;

    [BindProperty]
    public string? Answer { get; set; }

    /// <summary>Just answered a request for completion (after the redirect): say it was received.</summary>
    public bool Answered { get; private set; }

    public async Task OnGetAsync(Guid id, bool answered, CancellationToken ct)
    {
        Answered = answered;
        View = await mediator.Send(new GetMySubmission(id, CurrentUser.From(User)!.Id), ct);
    }

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
            return Redirect($"/Submissions/{id}?answered=true");
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
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}

/// <summary>
/// Checks that the submission is the signed-in citizen's before anything reads the request body (antiforgery and
/// model binding read the whole form, files included): someone else's submission is a 404 without a byte stored.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OwnSubmissionBeforeBodyAttribute : Attribute, Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter, Microsoft.AspNetCore.Mvc.Filters.IOrderedFilter
{
    /// <summary>Before the antiforgery filter (1000), which reads the form.</summary>
    public int Order => -1000;

    public async Task OnAuthorizationAsync(Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!Microsoft.AspNetCore.Http.HttpMethods.IsPost(http.Request.Method) || CurrentUser.From(http.User) is not { } me)
        {
            return;
        }

        if (!Guid.TryParse(context.RouteData.Values["id"]?.ToString(), out var id)
            || !await http.RequestServices.GetRequiredService<IMediator>().Send(new OwnsSubmission(id, me.Id), http.RequestAborted))
        {
            context.Result = new NotFoundResult();
        }
    }
}
