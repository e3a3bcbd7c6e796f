using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Identity.Contracts;
using Portal.Identity.Features;
using Portal.Identity.Infrastructure;

namespace Portal.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class LoginModel(IMediator mediator, IStringLocalizer<IdentityText> t) : PageModel
{
    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NiaFailed { get; private set; }

    public void OnGet(string? error)
    {
        NiaFailed = error == "nia";
        ReturnUrl = IdentityModule.IsLocal(ReturnUrl) ? ReturnUrl : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SignInWithPassword(Input.Email, Input.Password, Request.Headers.UserAgent.ToString()), cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(IdentityModule.CookieScheme, AccountPrincipal.Create(result.Account!, SignInMethods.Password));
                return LocalRedirect(IdentityModule.IsLocal(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, t["Příliš mnoho neúspěšných pokusů. Účet je dočasně zablokován; zkuste to za 15 minut, nebo si nastavte nové heslo."]);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            case SignInOutcome.EmailNotConfirmed:
                ModelState.AddModelError(string.Empty, t["Nejdřív prosím potvrďte e-mailovou adresu odkazem, který jsme vám poslali."]);
                break;
            default:
                ModelState.AddModelError(string.Empty, t["E-mail nebo heslo nejsou správné."]);
                break;
        }

        return Page();
    }
}
