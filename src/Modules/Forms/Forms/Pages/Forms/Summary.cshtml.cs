using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Domain;
using Portal.Forms.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Pages.Forms;

/// <summary>Everything the form will send, step by step, and the button that sends it.</summary>
[Authorize]
public sealed class SummaryModel(IMediator mediator) : PageModel
{
    public DraftView View { get; private set; } = default!;
    public IReadOnlyList<AttachmentInfo> Attachments { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        await Load(id, ct);
        return View.Draft.IsSubmitted ? Redirect($"/Forms/Sent/{id}") : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int revision, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new SubmitDraft(id, CurrentUser.From(User)!.Id, revision, CurrentUser.From(User)!.Level), ct);
            return Redirect($"/Forms/Sent/{id}");
        }
        catch (ValidationFailedException e)
        {
            await Load(id, ct);
            Problems = e.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Two submits at once: the other one won; the draft is sent.
            return Redirect($"/Forms/Sent/{id}");
        }
    }

    /// <summary>The visible steps with their index (for "Upravit") and what was filled in, in the reader's language.</summary>
    public IReadOnlyList<(int Step, Contracts.DescribedSection Section)> Sections()
    {
        var values = View.Draft.Values;
        var files = Attachments.Select(a => new Contracts.SubmittedAttachment(a.Id, a.FieldName, a.FileName, a.ContentType, a.Size, string.Empty)).ToList();
        var described = FormContent.Describe(View.Form, values, files, System.Globalization.CultureInfo.CurrentUICulture);
        var visible = Enumerable.Range(0, View.Form.Steps.Count).Where(i => FormValidator.IsVisible(View.Form, View.Form.Steps[i].VisibleWhen, values)).ToList();
        return visible.Zip(described).ToList();
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        var userId = CurrentUser.From(User)!.Id;
        View = await mediator.Send(new GetDraft(id, userId), ct);
        Attachments = await mediator.Send(new ListDraftAttachments(id, userId), ct);
    }
}
