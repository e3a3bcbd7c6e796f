using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Features;
using Portal.Identity.Contracts;

namespace Portal.Fees.Pages.Fees;

/// <summary>"Moje poplatky": what I owe and paid, per fee and year; only for a verified identity.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public MyFees? Fees { get; private set; }
    public DateOnly Today { get; private set; }
    public bool English { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        English = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var me = CurrentUser.From(User)!;
        if (me.IsVerified)
        {
            Fees = await mediator.Send(new GetMyFees(me), ct);
        }
    }
}
