using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Identity.Contracts;
using Portal.Identity.Features;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Account;

[Authorize]
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class ChangePasswordModel(IMediator mediator) : PageModel
{
    public sealed class InputModel
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var me = CurrentUser.From(User)!;
        try
        {
            await mediator.Send(new ChangePassword(me.Id, Input.CurrentPassword, Input.NewPassword, User.FindFirst(PortalClaimTypes.Session)?.Value), cancellationToken);
            Done = true;
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        return Page();
    }
}
