using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Contracts;
using Portal.Filing.Contracts;
using Portal.Forms.Contracts;
using Portal.Identity.Contracts;
using Wolverine;

namespace Portal.Host.Pages;

/// <summary>
/// The home page. Signed out: how to sign in. A citizen: a dashboard of what they owe (only after a verified NIA
/// sign-in: fees are personal data), their open submissions and what the office asks of them, and their drafts. A
/// clerk: the workload of each agenda. Each module answers its part over the bus; the host reads no module's data.
/// </summary>
public sealed class IndexModel(IMessageBus bus) : PageModel
{
    public CurrentUser? Me { get; private set; }
    public PayableObligations? Fees { get; private set; }
    public CitizenSubmissions? Submissions { get; private set; }
    public CitizenDrafts? Drafts { get; private set; }
    public ClerkWorkload? Workload { get; private set; }
    public bool English { get; private set; }

    public decimal Owed => Fees?.Items.Sum(o => o.Remaining) ?? 0;
    public decimal Overdue => Fees?.Items.Sum(o => o.Overdue) ?? 0;
    public DateOnly? NextDue => Fees?.Items.Where(o => o.Remaining > 0 && o.DueDate is not null).Min(o => o.DueDate);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        if (Me is null)
        {
            return;
        }

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "cs";
        English = language == "en";
        if (Me.Roles.Contains(PortalRoles.Clerk))
        {
            Workload = await bus.InvokeAsync<ClerkWorkload>(new GetClerkWorkload(Me.Id, Agendas.All.Where(Me.IsClerkOf).ToList()), ct);
        }

        Submissions = await bus.InvokeAsync<CitizenSubmissions>(new GetCitizenSubmissions(Me.Id, language), ct);
        Drafts = await bus.InvokeAsync<CitizenDrafts>(new GetCitizenDrafts(Me.Id, language), ct);
        if (Me.IsVerified)
        {
            Fees = await bus.InvokeAsync<PayableObligations>(new GetCitizenObligations(Me.Id, UnpaidOnly: true), ct);
        }
    }
}
