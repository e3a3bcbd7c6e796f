using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Features;
using Portal.Identity.Contracts;

namespace Portal.Fees.Pages.Fees;

/// <summary>"Moje poplatky": what I owe and paid, per fee and year; only for a verified identity.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, Portal.Shared.TownClock town) : PageModel
{
    public MyFees? Fees { get; private set; }
    public DateOnly Today { get; private set; }
    public bool English { get; private set; }

    /// <summary>Payers matching this identity only by name and date of birth, waiting for the fees clerk.</summary>
    public int OpenPairings { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = town.Today;
        English = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var me = CurrentUser.From(User)!;
        if (me.IsVerified)
        {
            Fees = await mediator.Send(new GetMyFees(me), ct);
            OpenPairings = Fees.OpenPairings;
        }
    }
}
