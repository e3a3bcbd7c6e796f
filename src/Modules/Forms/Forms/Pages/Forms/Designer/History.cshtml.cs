using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Features;
using Portal.Identity.Contracts;

namespace Portal.Forms.Pages.Forms.Designer;

/// <summary>A form's published versions (each can be downloaded) and who changed what and when.</summary>
[Authorize(Roles = PortalRoles.FormManager)]
public sealed class HistoryModel(IMediator mediator) : PageModel
{
    public DesignView View { get; private set; } = default!;

    public async Task OnGetAsync(string code, CancellationToken ct) => View = await mediator.Send(new GetDesign(code, CurrentUser.From(User)!), ct);
}
