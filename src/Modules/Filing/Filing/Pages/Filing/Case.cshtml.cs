using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Filing.Pages.Filing;

/// <summary>
/// A submission for a clerk: its data as the form showed it, its timeline, and one small form per next step. A
/// decision is asked to be confirmed first (it goes to the citizen and cannot be taken back). The filing office reads
/// every agenda's cases here but acts only on its own.
/// </summary>
[Authorize(Roles = PortalRoles.Clerk)]
public sealed class CaseModel(IMediator mediator, IStringLocalizer<FilingText> t) : PageModel
{
    public SubmissionView View { get; private set; } = default!;

    /// <summary>The step just done (after the redirect), for the confirmation message.</summary>
    public string? Done { get; private set; }

    /// <summary>A decision waiting for the clerk's confirmation.</summary>
    public (Outcome Outcome, string Text)? Confirm { get; private set; }

    public string? Action { get; private set; }
    public string? Text { get; private set; }
    public string? Days { get; private set; }
    public Outcome? Outcome { get; private set; }
    public string? AnswerBy { get; private set; }

    /// <summary>The id of the field on this page a step's error belongs to (none: the error is about the step as a whole).</summary>
    private static string FieldId(string? action, string field) => (action, field) switch
    {
        ("Decide", "text") => "decide-text",
        ("Decide", "outcome") => "decide-outcome",
        ("RequestCompletion", "text") => "request-text",
        ("RequestCompletion", "answerBy") => "request-by",
        ("Extend", "days") => "extend-days",
        ("Extend", "text") => "extend-text",
        _ => string.Empty,
    };

    public async Task OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        Done = done is "Claim" or "Start" or "RequestCompletion" or "Extend" or "Decide" or "Close" ? done : null;
        View = await mediator.Send(new GetCase(id, CurrentUser.From(User)!), ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? text, string? days, string? answerBy, Outcome? outcome, bool confirmed, CancellationToken ct)
    {
        var clerk = CurrentUser.From(User)!;
        (Action, Text, Days, Outcome, AnswerBy) = (action, text, days, outcome, answerBy);
        try
        {
            CaseAction step;
            if (action == "Decide")
            {
                if (outcome is null)
                {
                    throw new ValidationFailedException("outcome", t["Vyberte výsledek: vyhovět, vyhovět částečně, nebo zamítnout."]);
                }

                if ((text?.Trim().Length ?? 0) < 5)
                {
                    throw new ValidationFailedException("text", t["Rozhodnutí potřebuje odůvodnění (alespoň 5 znaků)."]);
                }

                if (!confirmed)
                {
                    View = await mediator.Send(new GetCase(id, clerk), ct);
                    Confirm = (outcome.Value, text!.Trim());
                    return Page();
                }

                step = outcome switch { Domain.Outcome.Approved => CaseAction.Approve, Domain.Outcome.PartlyApproved => CaseAction.PartlyApprove, _ => CaseAction.Reject };
            }
            else if (!Enum.TryParse(action, out step) || step is CaseAction.Approve or CaseAction.PartlyApprove or CaseAction.Reject)
            {
                throw new ValidationFailedException(string.Empty, t["Tento krok teď u podání nelze udělat."]);
            }

            var dayCount = 0;
            if (step == CaseAction.Extend && !int.TryParse(days, out dayCount))
            {
                throw new ValidationFailedException("days", t["Prodloužení je 1 až 30 dní a potřebuje zdůvodnění."]);
            }

            DateOnly? by = null;
            if (step == CaseAction.RequestCompletion && !string.IsNullOrWhiteSpace(answerBy))
            {
                by = Portal.Shared.Time.CzechDate.TryParse(answerBy, out var date)
                    ? date
                    : throw new ValidationFailedException("answerBy", t["Zadejte datum, například 15. 2. 2027."]);
            }

            await mediator.Send(new ActOnCase(id, clerk, step, text, dayCount, by), ct);
            return Redirect($"/Filing/Case/{id}?done={action}");
        }
        catch (Exception e) when (e is ValidationFailedException or JasperFx.ConcurrencyException)
        {
            if (e is ValidationFailedException v)
            {
                // Each message at its field (and linked from the summary): the field of the step that was tried.
                foreach (var (field, messages) in v.Errors)
                {
                    foreach (var m in messages)
                    {
                        ModelState.AddModelError(FieldId(action, field), m);
                    }
                }
            }
            else
            {
                ModelState.AddModelError(string.Empty, t["Podání mezitím změnil jiný úředník. Zkontrolujte jeho stav a krok zopakujte."]);
            }

            View = await mediator.Send(new GetCase(id, clerk), ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }
}
