using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Features;

namespace Portal.Identity.Pages.Account;

/// <summary>
/// The e-mailed verification link opens this page; the address is confirmed only by its button (a POST), so a mail
/// server's link scanner that fetches the link confirms nothing.
/// </summary>
[AllowAnonymous]
public sealed class VerifyModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public VerifyEmailResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        Result = await mediator.Send(new VerifyEmail(Token), cancellationToken);
        if (Result != VerifyEmailResult.Verified)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
