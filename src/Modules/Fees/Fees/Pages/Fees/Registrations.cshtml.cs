using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Fees.Pages.Fees;

/// <summary>Payers and their registrations: search, and a registration entered by hand.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class RegistrationsModel(IMediator mediator, IStringLocalizer<FeesText> t) : PageModel
{
    public IReadOnlyList<Registration> Items { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Fee { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty]
    public RegistrationForm Input { get; set; } = new();

    /// <summary>Verified identities that match a payer only by name and date of birth, or several at once.</summary>
    public IReadOnlyList<PairingCase> Pairings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = await mediator.Send(new ListRegistrations(Fee, Search), ct);
        Pairings = await mediator.Send(new ListPairingProposals(CurrentUser.From(User)!), ct);
    }

    /// <summary>The clerk confirms or rejects a proposed pairing; back to the list with what was done.</summary>
    public async Task<IActionResult> OnPostPairingAsync(Guid proposalId, bool confirm, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new DecidePairing(proposalId, confirm, CurrentUser.From(User)!), ct);
            TempData["Done"] = confirm ? t["Poplatník je spárován s účtem; poplatky uvidí v Mých poplatcích."].Value : t["Návrh na spárování je odmítnut."].Value;
        }
        catch (ValidationFailedException e)
        {
            TempData["Done"] = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }

        return Redirect("/Fees/Registrations#pairings");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var subjects = ParseSubjects(Input.Subjects, Input.From);
            var input = new RegistrationInput(Input.FeeCode ?? string.Empty, Input.PayerName ?? string.Empty, Input.PayerBirthDate, Input.PayerEmail, Input.Address ?? string.Empty,
                Input.From, Input.Property, Input.Reduced, Input.Exemption, subjects, null);
            var id = await mediator.Send(new RegisterPayer(input, CurrentUser.From(User)!), ct);
            return Redirect($"/Fees/Registrations/{id}");
        }
        catch (ValidationFailedException e)
        {
            ModelState.AddErrors(e);
            await OnGetAsync(ct);
            return Page();
        }
    }

    /// <summary>One subject per line: "name; from (d.M.yyyy); date of birth; exemption" (all but the name optional).</summary>
    private List<FeeSubject> ParseSubjects(string? text, DateOnly? from)
    {
        var list = new List<FeeSubject>();
        var errors = new ValidationErrors();
        foreach (var (line, i) in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((l, i) => (l, i)))
        {
            var parts = line.Split(';', StringSplitOptions.TrimEntries);
            DateOnly? Date(int index)
            {
                if (parts.Length <= index || parts[index].Length == 0)
                {
                    return null;
                }

                if (DateOnly.TryParseExact(parts[index], ["d.M.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    return d;
                }

                errors.Add("subjects", string.Format(CultureInfo.CurrentCulture, t["Řádek {0}: „{1}“ není datum (např. 15.6.2026)."], i + 1, parts[index]));
                return null;
            }

            list.Add(new FeeSubject
            {
                Name = parts[0],
                From = Date(1) ?? from ?? DateOnly.MinValue,
                BirthDate = Date(2),
                Exemption = parts.Length > 3 ? Exemption(parts[3]) : null,
            });
        }

        errors.ThrowIfAny();
        return list;
    }

    /// <summary>An exemption as the clerk writes it, with or without diacritics ("dítě", "zařízení", "útulek").</summary>
    private static string? Exemption(string text)
    {
        var plain = VerifiedSignInHandler.Normalize(text);
        return plain is "dite" or "zarizeni" or "utulek" ? plain : null;
    }

    public sealed class RegistrationForm
    {
        public string? FeeCode { get; set; }
        public string? PayerName { get; set; }
        public DateOnly? PayerBirthDate { get; set; }
        public string? PayerEmail { get; set; }
        public string? Address { get; set; }
        public DateOnly? From { get; set; }
        public bool Property { get; set; }
        public bool Reduced { get; set; }
        public string? Exemption { get; set; }
        public string? Subjects { get; set; }
    }
}
