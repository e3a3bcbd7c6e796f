using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portal.Identity.Domain;
using Portal.Shared.Web;
using Portal.Identity.Features;
using Portal.Identity.Infrastructure;

namespace Portal.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class LoginModel(IMediator mediator, Sessions sessions, IStringLocalizer<IdentityText> t) : PageModel
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
        ReturnUrl = SafeRedirect.IsLocal(ReturnUrl) ? ReturnUrl : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SignInWithPassword(Input.Email, Input.Password, Request.Headers.UserAgent.ToString(), HttpContext.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                // Someone else signed in in this browser is signed out first (their session ends for real).
                if (User.Identity?.IsAuthenticated == true)
                {
                    await sessions.SignOutAsync(HttpContext, SessionEnd.ReplacedBySignIn);
                }

                await Sessions.SignInAsync(HttpContext, result.UserId!.Value, result.SessionSecret!);
                return LocalRedirect(SafeRedirect.IsLocal(ReturnUrl) ? ReturnUrl! : "/start");
            case SignInOutcome.Delayed:
                var seconds = (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds);
                ModelState.AddModelError(string.Empty, string.Format(t["Příliš mnoho neúspěšných pokusů z tohoto zařízení. Další pokus bude možný za {0} s. Pokud si heslo nepamatujete, nastavte si nové."], seconds));
                Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            case SignInOutcome.EmailNotConfirmed:
                ModelState.AddModelError(string.Empty, t["Nejdřív prosím potvrďte e-mailovou adresu odkazem, který jsme vám poslali."]);
                break;
            case SignInOutcome.Deactivated:
                ModelState.AddModelError(string.Empty, t["Účet je deaktivován. Obraťte se na správce portálu."]);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
            default:
                ModelState.AddModelError(string.Empty, t["E-mail nebo heslo nejsou správné."]);
                break;
        }

        return Page();
    }
}
