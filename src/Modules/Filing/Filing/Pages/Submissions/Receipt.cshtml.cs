using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Features;
using Portal.Identity.Contracts;

namespace Portal.Filing.Pages.Submissions;

/// <summary>The printable confirmation of receipt: reference number, identifier, delivery time, digest.</summary>
[Authorize]
public sealed class ReceiptModel(IMediator mediator) : PageModel
{
    public SubmissionView View { get; private set; } = default!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) => View = await mediator.Send(new GetMySubmission(id, CurrentUser.From(User)!.Id), ct);
}
