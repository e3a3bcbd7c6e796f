using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Shared.Validation;
using Portal.Shared.Web;
using Portal.Towns.Features;

namespace Portal.Towns.Pages.Platform;

/// <summary>The platform operator's page: every town with its health, and a new town.</summary>
[Authorize(Policy = "platform-operator")]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<TownSummary> Towns { get; private set; } = [];

    [BindProperty]
    public NewTown Input { get; set; } = new();

    public string? Created { get; private set; }

    public async Task OnGetAsync(string? created, CancellationToken ct)
    {
        Created = created;
        Towns = await mediator.Send(new ListTowns(), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await mediator.Send(new CreateTown(Input.Id, Input.Name, Input.HostNames, Input.ReferencePrefix, Input.FeeAccount, Input.AdministratorEmail, Input.AdministratorName), ct);
            return Redirect("/Platform?created=" + Uri.EscapeDataString(id));
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            Towns = await mediator.Send(new ListTowns(), ct);
            return Page();
        }
    }

    public sealed class NewTown
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? HostNames { get; set; }
        public string? ReferencePrefix { get; set; }
        public string? FeeAccount { get; set; }
        public string? AdministratorEmail { get; set; }
        public string? AdministratorName { get; set; }
    }
}
