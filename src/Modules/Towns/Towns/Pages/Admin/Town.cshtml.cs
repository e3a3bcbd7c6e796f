using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Shared.Validation;
using Portal.Shared.Web;
using Portal.Towns.Features;

namespace Portal.Towns.Pages.Admin;

/// <summary>The town's administrator edits the town's settings and downloads the town's whole data.</summary>
[Authorize(Policy = "administrator")]
public sealed class TownModel(IMediator mediator) : PageModel
{
    public TownSettingsView Settings { get; private set; } = default!;

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool? saved, CancellationToken ct)
    {
        Saved = saved == true;
        Settings = await mediator.Send(new GetTownSettings(), ct);
        var s = Settings;
        Input = new SettingsInput
        {
            Name = s.Name,
            Ico = s.Ico,
            Address = s.Address,
            ReferencePrefix = s.ReferencePrefix,
            FeeAccount = s.FeeAccount,
            StatementAccounts = string.Join(", ", s.StatementAccounts),
            HeaderColour = s.HeaderColour,
            Emblem = s.Emblem,
            ContactEmail = s.ContactEmail,
            ContactPhone = s.ContactPhone,
            AccessibilityContact = s.AccessibilityContact,
            AccessibilityStatementDate = s.AccessibilityStatementDate,
            EmailFrom = s.EmailFrom,
            EmailFromName = s.EmailFromName,
            ReminderSendAt = s.ReminderSendAt,
            NiaClientId = s.NiaClientId,
            GatewayMerchant = s.GatewayMerchant,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var i = Input;
        try
        {
            await mediator.Send(new SaveTownSettings(i.Name, i.Ico, i.Address, i.ReferencePrefix, i.FeeAccount, i.StatementAccounts, i.HeaderColour, i.Emblem, i.ContactEmail, i.ContactPhone,
                i.AccessibilityContact, i.AccessibilityStatementDate, i.EmailFrom, i.EmailFromName, i.ReminderSendAt, i.NiaClientId, i.NiaClientSecret, i.GatewayMerchant, i.GatewaySecret), ct);
            return Redirect("/Admin/Town?saved=true");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            Settings = await mediator.Send(new GetTownSettings(), ct);
            return Page();
        }
    }

    public sealed class SettingsInput
    {
        public string? Name { get; set; }
        public string? Ico { get; set; }
        public string? Address { get; set; }
        public string? ReferencePrefix { get; set; }
        public string? FeeAccount { get; set; }
        public string? StatementAccounts { get; set; }
        public string? HeaderColour { get; set; }
        public string? Emblem { get; set; }
        public string? ContactEmail { get; set; }
        public string? ContactPhone { get; set; }
        public string? AccessibilityContact { get; set; }
        public string? AccessibilityStatementDate { get; set; }
        public string? EmailFrom { get; set; }
        public string? EmailFromName { get; set; }
        public string? ReminderSendAt { get; set; }
        public string? NiaClientId { get; set; }
        public string? NiaClientSecret { get; set; }
        public string? GatewayMerchant { get; set; }
        public string? GatewaySecret { get; set; }
    }
}
