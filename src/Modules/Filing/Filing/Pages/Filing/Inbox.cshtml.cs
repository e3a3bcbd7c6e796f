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
public sealed class InboxModel(IMediator mediator, Wolverine.IMessageBus bus, TimeProvider clock) : PageModel
{
    public string Agenda { get; private set; } = string.Empty;
    public InboxView View { get; private set; }
    public IReadOnlyList<string> MyAgendas { get; private set; } = [];
    public IReadOnlyList<Submission> Items { get; private set; } = [];
    public Contracts.AgendaWorkload? Counts { get; private set; }
    public DateTimeOffset Now => clock.GetUtcNow();

    public int Count(InboxView view) => Counts is not { } c ? 0 : view switch
    {
        InboxView.New => c.New,
        InboxView.Mine => c.Mine,
        InboxView.Waiting => c.Waiting,
        InboxView.Overdue => c.Overdue,
        _ => c.Open,
    };

    public async Task<IActionResult> OnGetAsync(string? agenda, InboxView? view, CancellationToken ct)
    {
        var clerk = CurrentUser.From(User)!;
        MyAgendas = Agendas.All.Where(clerk.IsClerkOf).ToList();
        Agenda = agenda ?? (MyAgendas.Count > 0 ? MyAgendas[0] : string.Empty);
        if (!clerk.IsClerkOf(Agenda))
        {
            return Forbid();
        }

        Counts = (await bus.InvokeAsync<Contracts.ClerkWorkload>(new Contracts.GetClerkWorkload(clerk.Id, [Agenda]), ct)).Agendas.SingleOrDefault();

        // Opened without a choice: the new submissions, or when there are none the clerk's own cases (where a citizen's
        // answer waits), never an empty list while work waits elsewhere.
        View = view ?? (Count(InboxView.New) == 0 && Count(InboxView.Mine) > 0 ? InboxView.Mine : InboxView.New);
        Items = await mediator.Send(new GetInbox(Agenda, View, clerk), ct);
        return Page();
    }
}
