using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Identity.Features;

namespace Portal.Identity.Pages.Account;

[Authorize]
public sealed class ProfileModel(IMediator mediator) : PageModel
{
    public ProfileView Profile { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Profile = await mediator.Send(new GetProfile(CurrentUser.From(User)!.Id), cancellationToken);
}
