using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Features;
using Portal.Payments.Statements;
using Portal.Shared.Validation;

namespace Portal.Payments.Pages.Payments;

/// <summary>The fees clerk uploads bank statements and sees the imports.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class StatementsModel(IMediator mediator, Wolverine.IMessageBus bus, Portal.Shared.Towns.ITowns towns, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StatementImport> Imports { get; private set; } = [];

    /// <summary>The town's accounts whose statements are accepted.</summary>
    public IReadOnlyList<string> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    private async Task Load(CancellationToken ct)
    {
        Imports = await mediator.Send(new ListImports(), ct);
        Accounts = await TownAccounts.ListAsync(bus, towns.Current, ct);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        try
        {
            // The upload is read as a stream (ASP.NET Core keeps a large one in a temporary file), never copied whole.
            var started = clock.GetUtcNow();
            var import = await mediator.Send(new UploadStatement(file?.FileName ?? string.Empty, file?.Length ?? 0, () => file?.OpenReadStream() ?? Stream.Null, CurrentUser.From(User)!), ct);

            // The same file again is the import made before (nothing is booked twice): the page says so.
            return Redirect($"/Payments/Statements/{import.Id}" + (import.UploadedAt < started ? "?again=true" : string.Empty));
        }
        catch (ValidationFailedException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("File", m);
            }

            await Load(ct);
            return Page();
        }
    }
}
