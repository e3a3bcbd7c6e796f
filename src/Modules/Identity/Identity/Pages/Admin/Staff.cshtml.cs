using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Identity.Features;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Pages.Admin;

[Authorize(Policy = IdentityModule.AdministratorPolicy)]
public sealed class StaffModel(IMediator mediator) : PageModel
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public List<string> Agendas { get; set; } = [];
        public bool FormManager { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    public bool Created { get; private set; }

    public string? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Staff = await mediator.Send(new ListStaff(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new CreateClerk(Input.Name, Input.Email, Input.Agendas, Input.FormManager), cancellationToken);
            Created = true;
            Input = new InputModel();
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        Staff = await mediator.Send(new ListStaff(), cancellationToken);
        return Page();
    }

    /// <summary>A staff member the administrator asked to switch off: the page asks "really?" first.</summary>
    public Guid? ConfirmDeactivate { get; private set; }

    public async Task<IActionResult> OnPostActiveAsync(Guid userId, bool active, bool confirmed, CancellationToken cancellationToken)
    {
        if (!active && !confirmed)
        {
            ConfirmDeactivate = userId;
            Staff = await mediator.Send(new ListStaff(), cancellationToken);
            return Page();
        }

        try
        {
            await mediator.Send(new SetStaffActive(userId, active, CurrentUser.From(User)!.Id), cancellationToken);
            Status = active ? "reactivated" : "deactivated";
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        Staff = await mediator.Send(new ListStaff(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ResendInvitation(userId), cancellationToken);
            Status = "invited";
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        Staff = await mediator.Send(new ListStaff(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostFormManagerAsync(Guid userId, bool grant, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new SetFormManager(userId, grant), cancellationToken);
            Status = grant ? "form-manager" : "form-manager-removed";
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        Staff = await mediator.Send(new ListStaff(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAgendasAsync(Guid userId, List<string> agendas, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new SetClerkAgendas(userId, agendas), cancellationToken);
            Status = "agendas";
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
        }

        Staff = await mediator.Send(new ListStaff(), cancellationToken);
        return Page();
    }
}
