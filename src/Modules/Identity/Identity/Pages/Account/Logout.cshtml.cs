using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;

namespace Portal.Identity.Pages.Account;

/// <summary>Signs out locally; after a NIA sign-in also at NIA (front-channel end session).</summary>
[AllowAnonymous]
public sealed class LogoutModel(IOptions<IdentityOptions> options) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.FindFirst(PortalClaimTypes.SignInMethod)?.Value == SignInMethods.Nia && options.Value.Nia.Enabled)
        {
            // NIA first: it reads the id_token from our cookie for id_token_hint, then the cookie goes.
            return SignOut(new AuthenticationProperties { RedirectUri = "/" }, IdentityModule.NiaScheme, IdentityModule.CookieScheme);
        }

        await HttpContext.SignOutAsync(IdentityModule.CookieScheme);
        return LocalRedirect("/");
    }
}
