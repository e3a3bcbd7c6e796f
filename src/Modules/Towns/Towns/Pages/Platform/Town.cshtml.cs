using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Shared.Towns;
using Portal.Shared.Validation;
using Portal.Shared.Web;
using Portal.Towns.Contracts;
using Portal.Towns.Features;

namespace Portal.Towns.Pages.Platform;

/// <summary>One town for the operator: its addresses, suspension, a job run now, and its removal.</summary>
[Authorize(Policy = "platform-operator")]
public sealed class TownModel(IMediator mediator) : PageModel
{
    public TownSummary Town { get; private set; } = default!;

    [BindProperty]
    public TownInput Input { get; set; } = new();

    public string? Done { get; private set; }

    public IReadOnlyList<string> Jobs => TownJobs.All;

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        Done = done;
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input.HostNames = string.Join(", ", Town.HostNames);
        return Page();
    }

    public Task<IActionResult> OnPostHostsAsync(string id, CancellationToken ct) => Act(id, "hosts", () => mediator.Send(new SetTownHosts(id, Input.HostNames), ct).AsTask(), ct);

    public Task<IActionResult> OnPostSuspendAsync(string id, CancellationToken ct) => Act(id, "suspended", () => mediator.Send(new SetTownState(id, TownState.Suspended), ct).AsTask(), ct);

    public Task<IActionResult> OnPostResumeAsync(string id, CancellationToken ct) => Act(id, "resumed", () => mediator.Send(new SetTownState(id, TownState.Active), ct).AsTask(), ct);

    public Task<IActionResult> OnPostJobAsync(string id, CancellationToken ct) => Act(id, "job", () => mediator.Send(new RunTownJob(id, Input.Job), ct).AsTask(), ct);

    public async Task<IActionResult> OnPostRemoveAsync(string id, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new RemoveTown(id, Input.Confirmation), ct);
            return Redirect("/Platform");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<IActionResult> Act(string id, string done, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return Redirect($"/Platform/Towns/{id}?done={done}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var town = (await mediator.Send(new ListTowns(), ct)).FirstOrDefault(t => t.Id == id);
        if (town is null)
        {
            return false;
        }

        Town = town;
        return true;
    }

    public sealed class TownInput
    {
        public string? HostNames { get; set; }
        public string? Job { get; set; }
        public string? Confirmation { get; set; }
    }
}
