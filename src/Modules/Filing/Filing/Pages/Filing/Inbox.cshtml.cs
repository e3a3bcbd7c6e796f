using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Identity.Contracts;

namespace Portal.Filing.Pages.Filing;

/// <summary>A clerk's inbox for one of their agendas: new, mine, waiting for the citizen, overdue, all open.</summary>
[Authorize(Roles = PortalRoles.Clerk)]
public sealed class InboxModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public string Agenda { get; private set; } = string.Empty;
    public InboxView View { get; private set; }
    public IReadOnlyList<string> MyAgendas { get; private set; } = [];
    public IReadOnlyList<Submission> Items { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(string? agenda, InboxView view, CancellationToken ct)
    {
        var clerk = CurrentUser.From(User)!;
        MyAgendas = Agendas.All.Where(clerk.IsClerkOf).ToList();
        Agenda = agenda ?? (MyAgendas.Count > 0 ? MyAgendas[0] : string.Empty);
        if (!clerk.IsClerkOf(Agenda))
        {
            return Forbid();
        }

        View = view;
        Items = await mediator.Send(new GetInbox(Agenda, view, clerk), ct);
        return Page();
    }
}
