using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Account;

/// <summary>
/// "Propojit s NIA": the signed-in owner of an account starts linking it to their national identity. Only this
/// POST starts it; the NIA round trip carries the session it was started from, and the confirmation page names both
/// sides before anything is linked.
/// </summary>
[Authorize]
public sealed class LinkNiaModel(IOptions<IdentityOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool AlreadyLinked { get; private set; }

    public bool NiaEnabled => options.Value.Nia.Enabled;

    public void OnGet() => AlreadyLinked = CurrentUser.From(User)!.IsNiaLinked;

    public IActionResult OnPost()
    {
        var me = CurrentUser.From(User)!;
        if (!NiaEnabled || me.IsNiaLinked)
        {
            AlreadyLinked = me.IsNiaLinked;
            return Page();
        }

        var secret = User.FindFirst(PortalClaimTypes.Session)!.Value;
        var target = "/Account/NiaComplete" + (SafeRedirect.IsLocal(ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : string.Empty);
        var properties = new AuthenticationProperties { RedirectUri = target };
        properties.Items[NiaCompleteModel.IntentItem] = NiaCompleteModel.LinkIntent;
        properties.Items[NiaCompleteModel.LinkSessionItem] = UserSession.Hash(secret);
        return Challenge(properties, IdentityModule.NiaScheme);
    }
}
