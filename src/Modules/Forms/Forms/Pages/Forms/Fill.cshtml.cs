using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Pages.Forms;

/// <summary>
/// One step of a form. Every post saves the step (nothing typed is lost), uploads chosen files, and then moves on,
/// back, adds or removes a repeated item, or stays ("save and finish later").
/// </summary>
[Authorize]
public sealed class FillModel(IMediator mediator, IStringLocalizer<FormsText> t) : PageModel
{
    public DraftView View { get; private set; } = default!;
    public IReadOnlyList<AttachmentInfo> Attachments { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();
    public int StepIndex { get; private set; }
    public bool Saved { get; private set; }

    public string FieldId(string path) => new FieldModel(default!, path, View.Draft.Values, Problems, Attachments).Id(path);

    public async Task<IActionResult> OnGetAsync(Guid id, int? step, CancellationToken ct)
    {
        await Load(id, ct);
        if (View.Draft.IsSubmitted)
        {
            return Redirect($"/Forms/Sent/{id}");
        }

        StepIndex = step is { } s && s >= 0 && s < View.Form.Steps.Count ? s : View.Draft.Step;
        return StepIndex >= View.Form.Steps.Count ? Redirect($"/Forms/Summary/{id}") : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int revision, int step, string? action, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        var values = Request.Form.Where(f => f.Key.StartsWith("v:", StringComparison.Ordinal))
            .ToDictionary(f => f.Key[2..], f => string.Join(',', f.Value.Where(v => !string.IsNullOrWhiteSpace(v))), StringComparer.Ordinal);
        var (move, group, item) = Parse(action);
        var files = Request.Form.Files.Where(f => f.Length > 0 && f.Name.StartsWith("file:", StringComparison.Ordinal)).ToList();
        try
        {
            if (files.Count > 0 || action?.StartsWith("detach:", StringComparison.Ordinal) == true)
            {
                // Keep what was typed, then change the attachments, then carry on as asked.
                revision = (await mediator.Send(new SaveDraftStep(id, user.Id, revision, step, values, StepMove.Stay), ct)).Revision;
                if (action?.StartsWith("detach:", StringComparison.Ordinal) == true && Guid.TryParse(action[7..], out var attachmentId))
                {
                    await mediator.Send(new RemoveAttachment(id, user.Id, revision++, attachmentId), ct);
                }

                var (uploaded, uploadErrors) = await Upload(files, id, user.Id, revision, ct);
                revision = uploaded;
                if (uploadErrors.Count > 0)
                {
                    return await Show(id, step, uploadErrors, StatusCodes.Status400BadRequest, ct);
                }
            }

            var result = await mediator.Send(new SaveDraftStep(id, user.Id, revision, step, values, move, group, item), ct);
            if (result.Errors.Count > 0)
            {
                return await Show(id, step, result.Errors, StatusCodes.Status400BadRequest, ct);
            }

            if (action == "save")
            {
                Saved = true;
                return await Show(id, step, new Dictionary<string, string[]>(), StatusCodes.Status200OK, ct);
            }

            var steps = (await mediator.Send(new GetDraft(id, user.Id), ct)).Form.Steps.Count;
            return Redirect(result.Step >= steps ? $"/Forms/Summary/{id}" : $"/Forms/Fill/{id}?step={result.Step}");
        }
        catch (Exception e) when (e is ValidationFailedException or JasperFx.ConcurrencyException)
        {
            // A stale revision (another tab saved first) or a frozen draft: show what is stored, and say why.
            var problems = e is ValidationFailedException v
                ? v.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal)
                : new Dictionary<string, string[]> { [string.Empty] = [t["Koncept jste mezitím změnili v jiném okně nebo zařízení. Zobrazujeme jeho poslední uloženou podobu; zkontrolujte ji a upravte znovu."].Value] };
            var page = await Show(id, step, problems, StatusCodes.Status409Conflict, ct);
            return View.Draft.IsSubmitted ? Redirect($"/Forms/Sent/{id}") : page;
        }
    }

    private async Task<IActionResult> Show(Guid id, int step, IReadOnlyDictionary<string, string[]> problems, int status, CancellationToken ct)
    {
        await Load(id, ct);
        StepIndex = Math.Clamp(step, 0, View.Form.Steps.Count - 1);
        Problems = problems;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<(int Revision, Dictionary<string, string[]> Errors)> Upload(List<IFormFile> files, Guid id, Guid userId, int revision, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await mediator.Send(new UploadAttachment(id, userId, revision, file.Name[5..], file.FileName, stream, file.Length), ct);
                revision++;
            }
            catch (ValidationFailedException e)
            {
                foreach (var (key, messages) in e.Errors)
                {
                    errors[key] = messages;
                }
            }
        }

        return (revision, errors);
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        var userId = CurrentUser.From(User)!.Id;
        View = await mediator.Send(new GetDraft(id, userId), ct);
        Attachments = await mediator.Send(new ListDraftAttachments(id, userId), ct);
    }

    private static (StepMove Move, string? Group, int Item) Parse(string? action) => action switch
    {
        "next" => (StepMove.Next, null, -1),
        "back" => (StepMove.Back, null, -1),
        { } a when a.StartsWith("add:", StringComparison.Ordinal) => (StepMove.AddItem, a[4..], -1),
        { } a when a.StartsWith("remove:", StringComparison.Ordinal) && a.LastIndexOf(':') is var at && at > 7
            && int.TryParse(a[(at + 1)..], CultureInfo.InvariantCulture, out var index) => (StepMove.RemoveItem, a[7..at], index),
        _ => (StepMove.Stay, null, -1),
    };
}
