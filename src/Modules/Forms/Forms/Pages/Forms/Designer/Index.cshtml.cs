using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Forms.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Pages.Forms.Designer;

/// <summary>The town's forms for a form manager: their state, a new form, and an import from JSON.</summary>
[Authorize(Roles = PortalRoles.FormManager)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<DesignSummary> Designs { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public string? Code { get; private set; }
    public string? TitleCs { get; private set; }
    public string? TitleEn { get; private set; }
    public string? Agenda { get; private set; }
    public string? Json { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Designs = await mediator.Send(new ListDesigns(CurrentUser.From(User)!), ct);

    public async Task<IActionResult> OnPostCreateAsync(string? code, string? titleCs, string? titleEn, string? agenda, CancellationToken ct)
    {
        try
        {
            var created = await mediator.Send(new CreateDesign(code, titleCs, titleEn, agenda, CurrentUser.From(User)!), ct);
            return Redirect($"/Forms/Designer/Edit/{created}?status=created");
        }
        catch (ValidationFailedException e)
        {
            (Code, TitleCs, TitleEn, Agenda) = (code, titleCs, titleEn, agenda);
            return await Refused(e, ct);
        }
    }

    /// <summary>A definition pasted or uploaded as a file (the file wins when both are given).</summary>
    public async Task<IActionResult> OnPostImportAsync(string? json, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > Domain.FormDefinitionJson.MaxBytes)
            {
                json = new string('x', Domain.FormDefinitionJson.MaxBytes + 1); // refused below with the size message
            }
            else
            {
                using var reader = new StreamReader(file.OpenReadStream());
                json = await reader.ReadToEndAsync(ct);
            }
        }

        try
        {
            var code = await mediator.Send(new ImportDesign(json, CurrentUser.From(User)!), ct);
            return Redirect($"/Forms/Designer/Edit/{code}?status=json");
        }
        catch (ValidationFailedException e)
        {
            Json = json is { Length: <= Domain.FormDefinitionJson.MaxBytes } ? json : null;
            return await Refused(e, ct);
        }
    }

    private async Task<IActionResult> Refused(ValidationFailedException e, CancellationToken ct)
    {
        await OnGetAsync(ct);
        Problems = e.Errors.SelectMany(x => x.Value.Select(m => x.Key.Length == 0 ? m : $"{x.Key}: {m}")).ToList();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
