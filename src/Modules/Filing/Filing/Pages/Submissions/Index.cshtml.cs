using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Identity.Contracts;

namespace Portal.Filing.Pages.Submissions;

[Authorize]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<Submission> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await mediator.Send(new ListMySubmissions(CurrentUser.From(User)!.Id), ct);
}
