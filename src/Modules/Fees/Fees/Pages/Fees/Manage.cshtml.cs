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

/// <summary>The fees clerk's desk: fee kinds with their rates and account, and the yearly assessment runs.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class ManageModel(IMediator mediator, Portal.Shared.TownClock town, Portal.Shared.Towns.ITowns towns) : PageModel
{
    public IReadOnlyList<FeeKind> Kinds { get; private set; } = [];
    public IReadOnlyList<AssessmentRun> Runs { get; private set; } = [];
    public int ThisYear { get; private set; }

    [BindProperty]
    public RatesInput Input { get; set; } = new();

    /// <summary>Which fee's form the errors belong to (the page has one per fee).</summary>
    public string? Editing { get; private set; }

    public string SendAt => towns.Current.ReminderSendAt.ToString("H:mm", System.Globalization.CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostRemindersAsync(string feeCode, string? before, string? after, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new SaveReminderDays(feeCode, before, after, CurrentUser.From(User)!), ct);
            return Redirect($"/Fees/Manage?saved={feeCode}#reminders-{feeCode}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e, "Reminders");
            Editing = feeCode;
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
            await Load(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRatesAsync(CancellationToken ct)
    {
        try
        {
            await mediator.Send(new SaveFeeKind(Input.FeeCode ?? string.Empty, Input.Account, Input.RecipientName, Input.Ordinance, Input.Year, Input.Rate, Input.FurtherRate,
                Input.ReducedRate, Input.ReducedFurtherRate, Input.PropertyRate, Input.ExemptUnderAge, Input.ShelterExemptMonths, Input.DueDates, CurrentUser.From(User)!, Input.LateDueDay, Input.LateDueMonths), ct);
            return Redirect("/Fees/Manage?saved=" + Input.FeeCode);
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            Editing = Input.FeeCode;
            await Load(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostAssessAsync(string feeCode, int year, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new StartAssessment(feeCode, year, CurrentUser.From(User)!), ct);
            return Redirect("/Fees/Manage#runs");
        }
        catch (ValidationFailedException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("Assess", message);
            }

            await Load(ct);
            return Page();
        }
    }

    private async Task Load(CancellationToken ct)
    {
        ThisYear = town.Today.Year;
        Kinds = await mediator.Send(new ListFeeKinds(), ct);
        Runs = await mediator.Send(new ListAssessmentRuns(), ct);
    }

    public sealed class RatesInput
    {
        public string? FeeCode { get; set; }
        public string? Account { get; set; }
        public string? RecipientName { get; set; }
        public string? Ordinance { get; set; }
        public int Year { get; set; }
        public string? Rate { get; set; }
        public string? FurtherRate { get; set; }
        public string? ReducedRate { get; set; }
        public string? ReducedFurtherRate { get; set; }
        public string? PropertyRate { get; set; }
        public string? ExemptUnderAge { get; set; }
        public string? ShelterExemptMonths { get; set; }
        public string? DueDates { get; set; }
        public string? LateDueDay { get; set; }
        public string? LateDueMonths { get; set; }
    }
}
