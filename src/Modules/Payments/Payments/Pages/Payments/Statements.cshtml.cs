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
public sealed class StatementsModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<StatementImport> Imports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Imports = await mediator.Send(new ListImports(), ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        try
        {
            // The upload is read as a stream (ASP.NET Core keeps a large one in a temporary file), never copied whole.
            var import = await mediator.Send(new UploadStatement(file?.FileName ?? string.Empty, file?.Length ?? 0, () => file?.OpenReadStream() ?? Stream.Null, CurrentUser.From(User)!), ct);
            return Redirect($"/Payments/Statements/{import.Id}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("File", m);
            }

            Imports = await mediator.Send(new ListImports(), ct);
            return Page();
        }
    }
}
