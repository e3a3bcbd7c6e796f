using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Host.Infrastructure;
using Portal.Identity;

namespace Portal.Host.Pages.Admin;

/// <summary>The operator's page: dead letters to replay or discard, stuck imports and assessments to resume, pending card payments, queues.</summary>
[Authorize(Policy = IdentityModule.AdministratorPolicy)]
public sealed class OperationsModel(Operations operations) : PageModel
{
    public OperationsReport Report { get; private set; } = default!;

    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        Report = await operations.ReportAsync(ct);
    }

    public async Task<IActionResult> OnPostReplayAsync(Guid id, CancellationToken ct) =>
        await operations.ReplayAsync(id, ct) ? Redirect("/Admin/Operations?done=replayed") : NotFound();

    public async Task<IActionResult> OnPostDiscardAsync(Guid id, CancellationToken ct) =>
        await operations.DiscardAsync(id, ct) ? Redirect("/Admin/Operations?done=discarded") : NotFound();

    public async Task<IActionResult> OnPostResumeImportAsync(Guid id)
    {
        await operations.ResumeImportAsync(id);
        return Redirect("/Admin/Operations?done=resumed");
    }

    public async Task<IActionResult> OnPostResumeAssessmentAsync(string feeCode, int year)
    {
        await operations.ResumeAssessmentAsync(feeCode, year);
        return Redirect("/Admin/Operations?done=resumed");
    }
}
