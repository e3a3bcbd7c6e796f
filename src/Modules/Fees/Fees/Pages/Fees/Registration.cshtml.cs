using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Identity.Contracts;

namespace Portal.Fees.Pages.Fees;

/// <summary>One registration with its subjects and its obligations by year.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class RegistrationModel(IMediator mediator) : PageModel
{
    public Registration Registration { get; private set; } = default!;
    public IReadOnlyList<Obligation> Obligations { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct) => (Registration, Obligations) = await mediator.Send(new GetRegistration(id), ct);
}
