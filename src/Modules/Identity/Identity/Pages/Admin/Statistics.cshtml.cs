using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Features;

namespace Portal.Identity.Pages.Admin;

[Authorize(Policy = IdentityModule.AdministratorPolicy)]
public sealed class StatisticsModel(IMediator mediator) : PageModel
{
    public TownStatistics Statistics { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Statistics = await mediator.Send(new GetStatistics(), cancellationToken);
}
