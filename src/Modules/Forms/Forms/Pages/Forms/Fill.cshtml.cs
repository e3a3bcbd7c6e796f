using System.Globalization;
using System.Text.Json;
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

    /// <summary>What the fields show: the stored draft, or after a clash with another window what this window typed.</summary>
    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();

    /// <summary>Fields another window changed differently since this one loaded: the person picks per field.</summary>
    public IReadOnlyList<Clash> Clashes { get; private set; } = [];

    /// <summary>A field another window changed: <paramref name="Both"/> when this window changed it too (the person chooses).</summary>
    public sealed record Clash(string Path, string Label, string Mine, string Theirs, bool Both);

    /// <summary>The step's values as this page showed them (posted back, so a clash knows who changed what).</summary>
    public string BaseJson() => JsonSerializer.Serialize(StepValues(Values));

    private Dictionary<string, string> StepValues(IReadOnlyDictionary<string, string> values)
    {
        var names = View.Form.Steps[StepIndex].Fields.Select(f => f.Name).ToList();
        return values.Where(v => names.Any(n => v.Key == n || v.Key.StartsWith(n + ".", StringComparison.Ordinal) || v.Key.StartsWith(n + "[", StringComparison.Ordinal) || v.Key.StartsWith(n + "#", StringComparison.Ordinal)))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
    }

    public string FieldId(string path) => new FieldModel(View.Form, default!, path, View.Draft.Values, Problems, Attachments).Id(path);

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

    /// <summary>The citizen takes the offer to move the draft to the newest version of its form.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, int revision, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        try
        {
            await mediator.Send(new MoveDraftToNewVersion(id, user.Id, revision), ct);
            return Redirect($"/Forms/Fill/{id}?step=0");
        }
        catch (ValidationFailedException e)
        {
            return await Show(id, 0, e.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal), StatusCodes.Status409Conflict, ct);
        }
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int revision, int step, string? action, CancellationToken ct)
    {
        var user = CurrentUser.From(User)!;
        var values = Request.Form.Where(f => f.Key.StartsWith("v:", StringComparison.Ordinal))
            .ToDictionary(f => f.Key[2..], f => string.Join(',', f.Value.Where(v => !string.IsNullOrWhiteSpace(v))), StringComparer.Ordinal);

        // After a clash with another window: where the person chose the other window's value, take the stored one.
        var theirs = Request.Form.Where(f => f.Key.StartsWith("keep:", StringComparison.Ordinal) && f.Value == "theirs").Select(f => f.Key[5..]).ToList();
        if (theirs.Count > 0)
        {
            var stored = (await mediator.Send(new GetDraft(id, user.Id), ct)).Draft.Values;
            foreach (var path in theirs.Where(values.ContainsKey))
            {
                values[path] = stored.GetValueOrDefault(path) ?? string.Empty;
            }
        }

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
                // "Uložit a dokončit později": back to the list, which says where the draft is.
                TempData["saved"] = (await mediator.Send(new GetDraft(id, user.Id), ct)).Form.Title.ToString();
                return Redirect("/Forms#drafts");
            }

            if (action == "stay")
            {
                // Without script: saved, and the step drawn again with the fields that depend on what was chosen.
                Saved = true;
                return await Show(id, step, new Dictionary<string, string[]>(), StatusCodes.Status200OK, ct);
            }

            var draft = await mediator.Send(new GetDraft(id, user.Id), ct);
            if (move == StepMove.AddItem && group is not null && draft.Draft.Values.TryGetValue(group + Portal.Forms.Domain.FormValidator.CountSuffix, out var count)
                && int.TryParse(count, CultureInfo.InvariantCulture, out var items) && items > 0)
            {
                // The new item is where the person goes on: the page opens at it (the script puts the focus into it).
                return Redirect($"/Forms/Fill/{id}?step={result.Step}#{FieldModel.IdOf($"{group}[{items - 1}]")}");
            }

            var steps = draft.Form.Steps.Count;
            return Redirect(result.Step >= steps ? $"/Forms/Summary/{id}" : $"/Forms/Fill/{id}?step={result.Step}");
        }
        catch (Exception e) when (e is ValidationFailedException or JasperFx.ConcurrencyException)
        {
            // A stale revision (another tab saved first) or a frozen draft: show what is stored, and say why.
            var problems = e is ValidationFailedException v
                ? v.Errors.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal)
                : new Dictionary<string, string[]> { [string.Empty] = [t["Koncept jste mezitím změnili v jiném okně nebo zařízení. Zobrazujeme jeho poslední uloženou podobu; zkontrolujte ji a upravte znovu."].Value] };
            var page = await Show(id, step, problems, StatusCodes.Status409Conflict, ct);
            if (View.Draft.IsSubmitted)
            {
                return Redirect($"/Forms/Sent/{id}");
            }

            if (revision != View.Draft.Revision)
            {
                KeepTyped(values, ReadBase(Request.Form["base"]));
            }
            else
            {
                // Refused whole (e.g. a text over its limit): the fields still show what was typed, to be shortened.
                Values = View.Draft.Values.Where(v => !values.ContainsKey(v.Key)).Concat(values).ToDictionary(StringComparer.Ordinal);
            }

            return page;
        }
    }

    /// <summary>
    /// Another window saved first. What this window typed stays; a field only the other window changed takes its value;
    /// a field both changed differently is listed with both versions and the person chooses (theirs by default is
    /// never assumed: what they typed here wins unless they pick the other).
    /// </summary>
    private void KeepTyped(Dictionary<string, string> typed, Dictionary<string, string>? shown)
    {
        var stored = View.Draft.Values;
        var mine = Domain.FormContent.NormalizeDates(View.Form.Steps[StepIndex], typed);
        var origin = shown ?? StepValues(stored);
        var merged = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        var clashes = new List<Clash>();
        foreach (var path in mine.Keys.Union(origin.Keys).Where(p => !p.EndsWith(Domain.FormValidator.CountSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var m = mine.GetValueOrDefault(path) ?? string.Empty;
            var o = origin.GetValueOrDefault(path) ?? string.Empty;
            var theirs = stored.GetValueOrDefault(path) ?? string.Empty;
            var label = Domain.FormContent.LabelOf(View.Form, path, CultureInfo.CurrentUICulture);
            if (theirs == o || theirs == m)
            {
                merged[path] = m; // only this window changed it (or both alike)
            }
            else if (m == o)
            {
                merged[path] = theirs; // only the other window changed it: take it, and say so
                clashes.Add(new Clash(path, label, m, theirs, Both: false));
            }
            else
            {
                merged[path] = m;
                clashes.Add(new Clash(path, label, m, theirs, Both: true));
            }
        }

        foreach (var (key, value) in mine.Where(v => v.Key.EndsWith(Domain.FormValidator.CountSuffix, StringComparison.Ordinal)))
        {
            merged[key] = value;
        }

        Values = merged;
        Clashes = clashes;
        Problems = new Dictionary<string, string[]>
        {
            [string.Empty] = [clashes.Count == 0
                ? t["Koncept jste mezitím uložili v jiném okně; nic, co jste tu napsali, se neztratilo. Uložte znovu."].Value
                : t["Koncept jste mezitím změnili v jiném okně. Ponechali jsme, co jste napsali tady; níže je, co se změnilo jinde. Zkontrolujte to a uložte znovu."].Value],
        };
    }

    private static Dictionary<string, string>? ReadBase(string? json)
    {
        try
        {
            return string.IsNullOrEmpty(json) || json.Length > 200_000 ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
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
        Values = View.Draft.Values;
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
