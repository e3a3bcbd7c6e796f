using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Features;

namespace Portal.Identity.Pages.Account;

[AllowAnonymous]
public sealed class VerifyModel(IMediator mediator) : PageModel
{
    public VerifyEmailResult Result { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        Result = await mediator.Send(new VerifyEmail(token), cancellationToken);
        if (Result != VerifyEmailResult.Verified)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
