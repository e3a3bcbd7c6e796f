using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Identity.Features;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Account;

/// <summary>Removing the NIA identity from the account: a confirmation page, done on its POST.</summary>
[Authorize]
public sealed class UnlinkNiaModel(IMediator mediator) : PageModel
{
    public ProfileView Profile { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Profile = await mediator.Send(new GetProfile(CurrentUser.From(User)!.Id), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var me = CurrentUser.From(User)!;
        try
        {
            await mediator.Send(new UnlinkNia(me.Id, User.FindFirstValue(PortalClaimTypes.Session)!), cancellationToken);
            return LocalRedirect("/Account/Profile?status=unlinked");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            Profile = await mediator.Send(new GetProfile(me.Id), cancellationToken);
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
