using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Identity.Features;

namespace Portal.Identity.Pages.Account;

[Authorize]
public sealed class ProfileModel(IMediator mediator) : PageModel
{
    public ProfileView Profile { get; private set; } = default!;

    public CurrentUser Me => CurrentUser.From(User)!;

    /// <summary>What was just done: linked, unlinked, others-signed-out.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    private string Secret => User.FindFirstValue(PortalClaimTypes.Session)!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Profile = await mediator.Send(new GetProfile(Me.Id, Secret), cancellationToken);

    public async Task<IActionResult> OnPostSignOutOthersAsync(CancellationToken cancellationToken)
    {
        await mediator.Send(new SignOutOtherSessions(Me.Id, Secret), cancellationToken);
        return LocalRedirect("/Account/Profile?status=others-signed-out");
    }
}
