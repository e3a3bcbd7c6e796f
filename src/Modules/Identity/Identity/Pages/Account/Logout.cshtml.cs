using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Infrastructure;

namespace Portal.Identity.Pages.Account;

/// <summary>Ends the session for real (a copied cookie no longer works); after a NIA sign-in also at NIA (front-channel end session).</summary>
[AllowAnonymous]
public sealed class LogoutModel(IOptions<IdentityOptions> options, Sessions sessions) : PageModel
{
    public bool SignedOut { get; private set; }

    public void OnGet(string? status) => SignedOut = status == "done";

    public async Task<IActionResult> OnPostAsync()
    {
        var viaNia = User.FindFirst(PortalClaimTypes.SignInMethod)?.Value == SignInMethods.Nia && options.Value.Nia.Enabled;
        var idToken = viaNia ? await HttpContext.GetTokenAsync(IdentityModule.CookieScheme, "id_token") : null;
        await sessions.SignOutAsync(HttpContext, SessionEnd.SignedOut);
        if (viaNia)
        {
            // NIA's end session reads the id_token for id_token_hint from these properties; our cookie is already gone.
            var properties = new AuthenticationProperties { RedirectUri = "/Account/Logout?status=done" };
            if (idToken is not null)
            {
                properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            }

            return SignOut(properties, IdentityModule.NiaScheme);
        }

        return LocalRedirect("/Account/Logout?status=done");
    }
}
