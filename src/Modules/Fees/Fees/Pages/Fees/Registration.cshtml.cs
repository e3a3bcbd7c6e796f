using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Fees.Pages.Fees;

/// <summary>One registration with its subjects and its obligations by year.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class RegistrationModel(IMediator mediator) : PageModel
{
    public Registration Registration { get; private set; } = default!;
    public IReadOnlyList<Obligation> Obligations { get; private set; } = [];

    [BindProperty]
    public EndInput Input { get; set; } = new();

    public async Task OnGetAsync(Guid id, CancellationToken ct) => (Registration, Obligations) = await mediator.Send(new GetRegistration(id), ct);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new EndRegistration(id, Input.To, CurrentUser.From(User)!), ct);
            return Redirect($"/Fees/Registrations/{id}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            (Registration, Obligations) = await mediator.Send(new GetRegistration(id), ct);
            return Page();
        }
    }

    /// <summary>The clerk has checked a partly granted registration against the decision: assess it now.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken ct)
    {
        await mediator.Send(new ConfirmRegistration(id, CurrentUser.From(User)!), ct);
        return Redirect($"/Fees/Registrations/{id}");
    }

    public sealed class EndInput
    {
        public DateOnly? To { get; set; }
    }
}
