using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Identity.Contracts;

namespace Portal.Filing.Pages.Filing;

/// <summary>The whole podací deník for filing-office clerks, filtered, with a CSV export.</summary>
[Authorize(Policy = "agenda:" + Agendas.Filing)]
public sealed class RegisterModel(IMediator mediator) : PageModel
{
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public string? Agenda { get; private set; }
    public SubmissionStatus? Status { get; private set; }
    public bool ByDelivery { get; private set; }
    public IReadOnlyList<Submission> Entries { get; private set; } = [];

    /// <summary>Entries numbered after an entry that arrived later than they did (marked in the list).</summary>
    public IReadOnlySet<Guid> OutOfOrder { get; private set; } = new HashSet<Guid>();

    public async Task OnGetAsync(DateOnly? from, DateOnly? to, string? agenda, SubmissionStatus? status, string? order, CancellationToken ct)
    {
        (From, To, Agenda, Status, ByDelivery) = (from, to, agenda, status, order == "delivered");
        Entries = await mediator.Send(new GetRegister(CurrentUser.From(User)!, from, to, agenda, status, ByDelivery), ct);
        OutOfOrder = GetRegisterSlice.ArrivedBeforeEarlierNumbers(Entries);
    }
}
