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

    public async Task OnGetAsync(CancellationToken ct) => Drafts = await mediator.Send(new ListMyDrafts(CurrentUser.From(User)!.Id), ct);

    public async Task<IActionResult> OnPostStartAsync(string code, CancellationToken ct)
    {
        var id = await mediator.Send(new StartDraft(code, CurrentUser.From(User)!), ct);
        return Redirect($"/Forms/Fill/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new DeleteDraft(id, CurrentUser.From(User)!.Id), ct);
        return Redirect("/Forms");
    }
}
