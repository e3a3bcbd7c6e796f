using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Identity.Features;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class ForgotPasswordModel(IMediator mediator) : PageModel
{
    public sealed class InputModel
    {
        public string? Email { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ForgotPassword(Input.Email), cancellationToken);
            Done = true;
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        return Page();
    }
}
