using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Features;
using Portal.Payments.Statements;

namespace Portal.Payments.Pages.Payments;

/// <summary>One import's report: progress while it runs, then what matched, what waits and which lines were bad.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class StatementModel(IMediator mediator) : PageModel
{
    public StatementImport Import { get; private set; } = default!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Import = await mediator.Send(new GetImport(id), ct);
}
