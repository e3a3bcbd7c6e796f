using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Domain;
using Portal.Identity.Features;
using Portal.Identity.Infrastructure;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Account;

/// <summary>
/// Where the NIA round trip ends. The validated id_token's attributes wait in the short-lived external cookie; a
/// sign-in becomes a NIA session (whoever else was signed in in this browser is signed out first); a linking the
/// owner started from the profile is shown for confirmation, naming both sides, and done only on that POST.
/// </summary>
[AllowAnonymous]
public sealed class NiaCompleteModel(IMediator mediator, Sessions sessions, IOptions<IdentityOptions> options, IStringLocalizer<IdentityText> t) : PageModel
{
    public const string IntentItem = "portal.intent";
    public const string LinkSessionItem = "portal.link";
    public const string LinkIntent = "link";

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public NiaLinkPreview? Preview { get; private set; }

    /// <summary>Signed in, but NIA achieved less than the town requires for personal data.</summary>
    public LevelOfAssurance? LowLevel { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where a NIA sign-in goes on: back where it was started, else where the person lands (a citizen home).</summary>
    public string Continue => SafeRedirect.Or(ReturnUrl, "/start");

    public LevelOfAssurance Required => options.Value.RequiredLevel;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityModule.ExternalScheme);
        if (!external.Succeeded)
        {
            return Redirect("/Account/Login?error=nia");
        }

        var attributes = Attributes(external.Principal!);
        try
        {
            if (IsLinking(external))
            {
                if (!LinkStartedHere(external))
                {
                    await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
                    return Fail(new ValidationFailedException("link", t["Propojení lze dokončit jen v účtu a prohlížeči, kde bylo zahájeno. Začněte prosím znovu z profilu."]));
                }

                // The attributes stay in the external cookie (5 minutes) until the owner confirms.
                Preview = await mediator.Send(new PreviewNiaLink(CurrentUser.From(User)!.Id, attributes), cancellationToken);
                return Page();
            }

            await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
            if (User.Identity?.IsAuthenticated == true)
            {
                // Never attach this identity to whoever is signed in here: that session ends first.
                await sessions.SignOutAsync(HttpContext, SessionEnd.ReplacedBySignIn);
            }

            var result = await mediator.Send(new SignInWithNia(attributes, UserAgent, ClientAddress), cancellationToken);
            await SignIn(result, external);
            if (result.Level < options.Value.RequiredLevel)
            {
                LowLevel = result.Level;
                return Page();
            }

            return LocalRedirect(Continue);
        }
        catch (ValidationFailedException e)
        {
            await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
            return Fail(e);
        }
    }

    /// <summary>The owner confirms the link shown.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityModule.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
        var me = CurrentUser.From(User);
        if (!external.Succeeded || me is null || !IsLinking(external) || !LinkStartedHere(external))
        {
            return Fail(new ValidationFailedException("link", t["Propojení vypršelo nebo nebylo zahájeno v tomto účtu. Začněte prosím znovu z profilu."]));
        }

        try
        {
            var result = await mediator.Send(new LinkNia(me.Id, User.FindFirstValue(PortalClaimTypes.Session)!, Attributes(external.Principal!), UserAgent, ClientAddress), cancellationToken);
            await SignIn(result, external);
            var back = SafeRedirect.Or(ReturnUrl, "/Account/Profile");
            return LocalRedirect(back == "/Account/Profile" ? "/Account/Profile?status=linked" : back);
        }
        catch (ValidationFailedException e)
        {
            return Fail(e);
        }
    }

    public async Task<IActionResult> OnPostCancelAsync()
    {
        await HttpContext.SignOutAsync(IdentityModule.ExternalScheme);
        return LocalRedirect("/Account/Profile");
    }

    private string UserAgent => Request.Headers.UserAgent.ToString();

    private string? ClientAddress => HttpContext.Connection.RemoteIpAddress?.ToString();

    private static bool IsLinking(AuthenticateResult external) =>
        external.Properties?.Items.TryGetValue(IntentItem, out var intent) == true && intent == LinkIntent;

    /// <summary>The linking was started by the session that is signed in now (not another person's, not a forged return).</summary>
    private bool LinkStartedHere(AuthenticateResult external) =>
        User.FindFirstValue(PortalClaimTypes.Session) is { } secret
        && external.Properties!.Items.TryGetValue(LinkSessionItem, out var started)
        && string.Equals(started, UserSession.Hash(secret), StringComparison.Ordinal);

    private async Task SignIn(NiaSignInResult result, AuthenticateResult external)
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens(external.Properties!.GetTokens().Where(t => t.Name == "id_token"));
        await Sessions.SignInAsync(HttpContext, result.UserId, result.SessionSecret, properties);
    }

    private PageResult Fail(ValidationFailedException e)
    {
        Errors = e.Errors.SelectMany(x => x.Value).ToList();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static NiaAttributes Attributes(ClaimsPrincipal p) => new(
        p.FindFirst(NiaClaims.PersonIdentifier)?.Value,
        p.FindFirst(NiaClaims.GivenName)?.Value,
        p.FindFirst(NiaClaims.FamilyName)?.Value,
        p.FindFirst(NiaClaims.DateOfBirth)?.Value,
        p.FindFirst(NiaClaims.PlaceOfBirth)?.Value,
        p.FindFirst(NiaClaims.Address)?.Value,
        p.FindFirst(NiaClaims.Email)?.Value,
        AccountPrincipal.ParseLevel(p.FindFirst(NiaClaims.Acr)?.Value));
}
