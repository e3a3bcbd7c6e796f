using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Domain;
using Portal.Forms.Features;
using Portal.Identity.Contracts;

namespace Portal.Forms.Pages.Forms;

/// <summary>The catalogue of the town's forms by agenda, and my drafts.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, FormCatalog catalog) : PageModel
{
    public FormCatalog Catalog => catalog;

    public IReadOnlyList<DraftSummary> Drafts { get; private set; } = [];

    /// <summary>A draft the person asked to delete: the page asks "really?" before anything is removed.</summary>
    public DraftSummary? Deleting { get; private set; }

    /// <summary>The title of the draft just deleted (after the redirect), for the confirmation message.</summary>
    public string? Deleted { get; private set; }

    /// <summary>The title of the form just saved for later (after "Uložit a dokončit později").</summary>
    public string? Saved { get; private set; }

    public async Task OnGetAsync(Guid? delete, CancellationToken ct)
    {
        Drafts = await mediator.Send(new ListMyDrafts(CurrentUser.From(User)!.Id), ct);
        Deleting = Drafts.FirstOrDefault(d => d.Id == delete);

        // Carried over the redirect by TempData, not the address: a link cannot make the page claim a deletion.
        Deleted = TempData["deleted"] as string;
        Saved = TempData["saved"] as string;
    }

    public async Task<IActionResult> OnPostStartAsync(string code, CancellationToken ct)
    {
        var id = await mediator.Send(new StartDraft(code, CurrentUser.From(User)!), ct);
        return Redirect($"/Forms/Fill/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            return Redirect($"/Forms?delete={id}#confirm-delete");
        }

        var me = CurrentUser.From(User)!;
        var title = (await mediator.Send(new ListMyDrafts(me.Id), ct)).FirstOrDefault(d => d.Id == id)?.FormTitle.ToString();
        await mediator.Send(new DeleteDraft(id, me.Id), ct);
        TempData["deleted"] = title ?? string.Empty;
        return Redirect("/Forms");
    }
}
