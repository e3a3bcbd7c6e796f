using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Messages.Domain;
using Portal.Messages.Features;

namespace Portal.Messages.Pages.Messages;

/// <summary>Which messages come by e-mail too: per group every one, only those that need me to act, or none.</summary>
[Authorize]
public sealed class SettingsModel(IMediator mediator) : PageModel
{
    public MessagePreferences Preferences { get; private set; } = new();

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Saved = TempData["messages-settings"] is not null;
        Preferences = await mediator.Send(new GetPreferences(CurrentUser.From(User)!.Id), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var choices = new Dictionary<string, EmailCopies>();
        foreach (var group in MessageKinds.Groups)
        {
            if (Enum.TryParse<EmailCopies>(Request.Form["email-" + group], ignoreCase: false, out var choice) && Enum.IsDefined(choice))
            {
                choices[group] = choice;
            }
        }

        await mediator.Send(new SavePreferences(CurrentUser.From(User)!.Id, choices), ct);
        TempData["messages-settings"] = "saved";
        return RedirectToPage();
    }
}
