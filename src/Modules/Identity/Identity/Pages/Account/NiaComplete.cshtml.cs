using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Features;
using Portal.Identity.Infrastructure;
using Portal.Shared.Validation;

namespace Portal.Identity.Pages.Account;

/// <summary>
/// Where the NIA round trip ends: the validated id_token's attributes (held briefly in the external cookie) become
/// a sign-in to the portal, creating or linking the account.
/// </summary>
[AllowAnonymous]
public sealed class NiaCompleteModel(IMediator mediator, IOptions<IdentityOptions> options) : PageModel
{
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityModule.ExternalScheme);
        if (!external.Succeeded)
        {
            return Redirect("/Account/Login?error=nia");
        }

        await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
        var p = external.Principal;
        var attributes = new NiaAttributes(
            p.FindFirst(NiaClaims.PersonIdentifier)?.Value,
            p.FindFirst(NiaClaims.GivenName)?.Value,
            p.FindFirst(NiaClaims.FamilyName)?.Value,
            p.FindFirst(NiaClaims.DateOfBirth)?.Value,
            p.FindFirst(NiaClaims.PlaceOfBirth)?.Value,
            p.FindFirst(NiaClaims.Address)?.Value,
            p.FindFirst(NiaClaims.Email)?.Value,
            AccountPrincipal.ParseLevel(p.FindFirst(NiaClaims.Acr)?.Value, options.Value.Nia.LevelOfAssurance));

        try
        {
            var signedIn = CurrentUser.From(User);
            var account = await mediator.Send(new SignInWithNia(attributes, signedIn?.Id, Request.Headers.UserAgent.ToString()), cancellationToken);
            var properties = new AuthenticationProperties();
            properties.StoreTokens(external.Properties!.GetTokens().Where(t => t.Name == "id_token"));
            await HttpContext.SignInAsync(IdentityModule.CookieScheme, AccountPrincipal.Create(account, SignInMethods.Nia), properties);
            return LocalRedirect(IdentityModule.IsLocal(returnUrl) ? returnUrl! : "/Account/Profile");
        }
        catch (ValidationFailedException e)
        {
            Errors = e.Errors.SelectMany(x => x.Value).ToList();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
