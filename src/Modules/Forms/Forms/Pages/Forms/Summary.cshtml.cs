using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Forms.Domain;
using Portal.Forms.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Pages.Forms;

/// <summary>Everything the form will send, step by step, and the button that sends it.</summary>
[Authorize]
public sealed class SummaryModel(IMediator mediator, IStringLocalizer<FormsText> t) : PageModel
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
            await mediator.Send(new SubmitDraft(id, CurrentUser.From(User)!.Id, revision), ct);
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

    /// <summary>A field's values as label/value lines, in the reader's language.</summary>
    public IEnumerable<(string Label, string Value)> Describe(FormField field, string path, string label)
    {
        var values = View.Draft.Values;
        string Get(string p) => values.TryGetValue(p, out var v) ? v : "–";
        switch (field.Kind)
        {
            case FieldKind.Group:
                for (var i = 0; i < FormValidator.ItemCount(field, path, values); i++)
                {
                    foreach (var sub in field.Fields)
                    {
                        foreach (var line in Describe(sub, $"{path}[{i}].{sub.Name}", $"{label} {i + 1}: {sub.Label}"))
                        {
                            yield return line;
                        }
                    }
                }

                break;
            case FieldKind.Address:
                yield return (label, string.Join(", ", new[] { Get(path + ".street"), Get(path + ".zip") + " " + Get(path + ".city") }));
                break;
            case FieldKind.Person:
                yield return (label, string.Join(", ", new[] { Get(path + ".name"), values.GetValueOrDefault(path + ".birthDate"), values.GetValueOrDefault(path + ".email") }.Where(x => !string.IsNullOrEmpty(x))));
                break;
            case FieldKind.Attachment:
                var files = Attachments.Where(a => a.FieldName == path).Select(a => a.FileName).ToList();
                yield return (label, files.Count == 0 ? "–" : string.Join(", ", files));
                break;
            case FieldKind.Choice or FieldKind.MultiChoice:
                var chosen = Get(path).Split(',');
                var names = field.Options.Where(o => chosen.Contains(o.Value)).Select(o => o.Label.ToString()).ToList();
                yield return (label, names.Count == 0 ? "–" : string.Join("; ", names));
                break;
            case FieldKind.YesNo:
                yield return (label, Get(path) switch { "yes" => t["Ano"], "no" => t["Ne"], _ => "–" });
                break;
            default:
                yield return (label, Get(path));
                break;
        }
    }

    private async Task Load(Guid id, CancellationToken ct)
    {
        var userId = CurrentUser.From(User)!.Id;
        View = await mediator.Send(new GetDraft(id, userId), ct);
        Attachments = await mediator.Send(new ListDraftAttachments(id, userId), ct);
    }
}
