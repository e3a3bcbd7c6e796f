using Portal.Shared.Towns;
using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Portal.Shared.Banking;
using Portal.Shared.Validation;

namespace Portal.Fees.Features;

/// <summary>The fee kinds with their rates.</summary>
public sealed record ListFeeKinds : IRequest<IReadOnlyList<FeeKind>>;

public sealed class ListFeeKindsSlice(IQuerySession session) : IRequestHandler<ListFeeKinds, IReadOnlyList<FeeKind>>
{
    public async ValueTask<IReadOnlyList<FeeKind>> Handle(ListFeeKinds request, CancellationToken cancellationToken) =>
        await session.Query<FeeKind>().OrderBy(k => k.Id).ToListAsync(cancellationToken);
}

/// <summary>A fees clerk sets a fee's account, recipient and one year's rates and due dates (as the ordinance says).</summary>
public sealed record SaveFeeKind(
    string FeeCode,
    string? Account,
    string? RecipientName,
    string? Ordinance,
    int Year,
    string? Rate,
    string? FurtherRate,
    string? ReducedRate,
    string? ReducedFurtherRate,
    string? PropertyRate,
    string? ExemptUnderAge,
    string? ShelterExemptMonths,
    string? DueDates,
    CurrentUser Clerk,
    string? LateDueDay = null,
    string? LateDueMonths = null) : IRequest;

public sealed class SaveFeeKindSlice(IDocumentSession session, IStringLocalizer<FeesText> t) : IRequestHandler<SaveFeeKind>
{
    public async ValueTask<Unit> Handle(SaveFeeKind request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks edit fees.");
        }

        var fee = await session.LoadAsync<FeeKind>(request.FeeCode, cancellationToken) ?? throw new NotFoundException("No such fee.");
        var errors = new ValidationErrors();
        if (!BankAccount.TryParse(request.Account, out var account, out var accountError))
        {
            errors.Add("account", accountError switch
            {
                BankAccountError.PrefixChecksum => t["Předčíslí účtu nemá platný kontrolní součet."],
                BankAccountError.NumberChecksum => t["Číslo účtu nemá platný kontrolní součet."],
                BankAccountError.IbanChecksum => t["IBAN nemá platné kontrolní číslice."],
                BankAccountError.NotCzech => t["Zadejte český účet (IBAN začínající CZ)."],
                _ => t["Zadejte účet ve tvaru předčíslí-číslo/kód banky, např. 19-2000145399/0800, nebo IBAN."],
            });
        }

        var recipient = request.RecipientName?.Trim() ?? string.Empty;
        if (recipient.Length is < 2 or > 35)
        {
            errors.Add("recipientName", t["Název příjemce má 2 až 35 znaků (tolik pojme QR platba)."]);
        }

        if (request.Year is < 2000 or > 2100)
        {
            errors.Add("year", t["Zadejte rok."]);
        }

        decimal Money(string field, string? text, bool required)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                if (required)
                {
                    errors.Add(field, t["Zadejte sazbu v Kč."]);
                }

                return 0;
            }

            if (!CzechNumber.TryParseAmount(text, out var value) || value < 0 || value > 100_000 || decimal.Round(value, 2) != value)
            {
                errors.Add(field, t["Sazba je částka v Kč od 0 do 100 000 s nejvýše dvěma desetinnými místy."]);
                return 0;
            }

            return value;
        }

        // A whole number from 0 to max; empty is 0 (no such exemption). Typed as text, so "dva" is an error, not a 0.
        int Whole(string field, string? text, int max, string message)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return 0;
            }

            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
            {
                errors.Add(field, message);
                return 0;
            }

            return value;
        }

        var dog = fee.Id == FeeCodes.Dog;
        var rates = new FeeRates
        {
            Year = request.Year,
            Rate = Money("rate", request.Rate, true),
            FurtherRate = Money("furtherRate", request.FurtherRate, dog),
            ReducedRate = Money("reducedRate", request.ReducedRate, dog),
            ReducedFurtherRate = Money("reducedFurtherRate", request.ReducedFurtherRate, dog),
            PropertyRate = Money("propertyRate", request.PropertyRate, !dog),
            ExemptUnderAge = Whole("exemptUnderAge", request.ExemptUnderAge, 26, t["Věk pro osvobození dětí je 0 až 26 let."]),
            ShelterExemptMonths = Whole("shelterExemptMonths", request.ShelterExemptMonths, 120, t["Osvobození psa z útulku trvá 0 až 120 měsíců."]),
        };

        // The act's ceilings (an ordinance may only set less), each refused with the paragraph that sets it.
        void AtMost(string field, decimal value, decimal max, string paragraph)
        {
            if (value > max && !errors.ContainsKey(field))
            {
                errors.Add(field, string.Format(CultureInfo.CurrentCulture, t["Sazba {0} Kč je vyšší, než dovoluje {1} zákona č. 565/1990 Sb. (nejvýše {2} Kč ročně)."],
                    value.ToString("N0", CultureInfo.CurrentCulture), paragraph, max.ToString("N0", CultureInfo.CurrentCulture)));
            }
        }

        if (dog)
        {
            AtMost("rate", rates.Rate, FeeLaw.DogMax, "§ 2 odst. 4 písm. a)");
            AtMost("furtherRate", rates.FurtherRate, Math.Min(FeeLaw.DogMax, rates.Rate) * FeeLaw.FurtherDogFactor, "§ 2 odst. 4 písm. b) (150 % sazby za prvního psa)");
            AtMost("reducedRate", rates.ReducedRate, FeeLaw.ReducedDogMax, "§ 2 odst. 4 písm. c)");
            AtMost("reducedFurtherRate", rates.ReducedFurtherRate, FeeLaw.ReducedFurtherDogMax, "§ 2 odst. 4 písm. d)");
        }
        else
        {
            AtMost("rate", rates.Rate, FeeLaw.WasteMax, "§ 10e");
            AtMost("propertyRate", rates.PropertyRate, FeeLaw.WasteMax, "§ 10e");
        }

        if (!string.IsNullOrWhiteSpace(request.LateDueDay))
        {
            rates.LateDueDay = Whole("lateDueDay", request.LateDueDay, 31, t["Den splatnosti pozdě vzniklé povinnosti je 1 až 31."]);
            if (rates.LateDueDay == 0 && !errors.ContainsKey("lateDueDay"))
            {
                errors.Add("lateDueDay", t["Den splatnosti pozdě vzniklé povinnosti je 1 až 31."]);
            }
        }

        if (!string.IsNullOrWhiteSpace(request.LateDueMonths))
        {
            rates.LateDueMonths = Whole("lateDueMonths", request.LateDueMonths, 12, t["Počet měsíců po vzniku povinnosti je 0 až 12."]);
        }

        foreach (var part in (request.DueDates ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (DateOnly.TryParseExact(part, ["d.M.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) && due.Year == request.Year)
            {
                rates.DueDates.Add(due);
            }
            else
            {
                errors.Add("dueDates", string.Format(CultureInfo.CurrentCulture, t["Splatnost „{0}“ není datum roku {1} (např. 31.3.{1})."], part, request.Year));
            }
        }

        if (rates.DueDates.Count is 0 or > 4)
        {
            errors.Add("dueDates", t["Zadejte jedno až čtyři data splatnosti oddělená čárkou."]);
        }

        errors.ThrowIfAny();
        fee.SetAccount(account!);
        fee.RecipientName = recipient;
        fee.Ordinance = request.Ordinance?.Trim() ?? string.Empty;
        fee.Rates.RemoveAll(r => r.Year == request.Year);
        rates.DueDates.Sort();
        fee.Rates.Add(rates);
        fee.Rates.Sort((a, b) => a.Year.CompareTo(b.Year));
        session.Store(fee);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// A new town gets the two fee kinds with the rates typical of a Czech town (this year and next), paid to the town's
/// fee account (its setting); a fees clerk changes them on the fees page. Existing fee kinds are never touched.
/// </summary>
internal sealed class FeeKindsStartup(IDocumentStore store, ITowns towns, Portal.Shared.TownClock town) : IHostedService
{
    /// <summary>The index the yearly assessment reads a town's register by: (town, fee, number).</summary>
    public const string RegisterIndex = "mt_doc_registration_idx_town_fee_number";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The town first: one town's register is one range of the index however many towns share the table.
        await using (var session = store.LightweightSession(TownContext.PlatformId))
        {
            session.QueueSqlCommand($"CREATE INDEX IF NOT EXISTS {RegisterIndex} ON {FeesModule.Schema}.mt_doc_registration (tenant_id, (data ->> 'FeeCode'), CAST(data ->> 'Number' as bigint))");
            await session.SaveChangesAsync(cancellationToken);
        }

        foreach (var each in towns.All)
        {
            using var inTown = TownContext.Enter(each.Id);
            await OpenAsync(store, each, town.Today.Year, cancellationToken);
        }
    }

    /// <summary>Gives the town its default fee kinds where it has none of that code yet.</summary>
    public static async Task OpenAsync(IDocumentStore store, TownProfile profile, int year, CancellationToken cancellationToken)
    {
        if (!BankAccount.TryParse(profile.FeeAccount, out var account, out _))
        {
            return; // the town states its account before its fees can be paid; the clerk enters the fee kinds then
        }

        await using var session = store.LightweightSession(profile.Id);
        foreach (var kind in Defaults(account, profile.RecipientName, year))
        {
            if (await session.LoadAsync<FeeKind>(kind.Id, cancellationToken) is null)
            {
                session.Insert(kind);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IEnumerable<FeeKind> Defaults(BankAccount account, string recipient, int year)
    {
        var years = new[] { year - 1, year, year + 1 };
        var dog = new FeeKind
        {
            Id = FeeCodes.Dog,
            NameCs = "Poplatek ze psů",
            NameEn = "Dog fee",
            Ordinance = "OZV o místním poplatku ze psů",
            RecipientName = recipient,
            Rates = years.Select(y => new FeeRates { Year = y, Rate = 600, FurtherRate = 900, ReducedRate = 200, ReducedFurtherRate = 300, DueDates = [new DateOnly(y, 3, 31)] }).ToList(),
        };
        dog.SetAccount(account);
        var waste = new FeeKind
        {
            Id = FeeCodes.Waste,
            NameCs = "Poplatek za obecní systém odpadového hospodářství",
            NameEn = "Municipal waste fee",
            Ordinance = "OZV o místním poplatku za obecní systém odpadového hospodářství",
            RecipientName = recipient,
            Rates = years.Select(y => new FeeRates { Year = y, Rate = 840, PropertyRate = 840, ExemptUnderAge = 6, DueDates = [new DateOnly(y, 3, 31), new DateOnly(y, 6, 30)] }).ToList(),
        };
        waste.SetAccount(account);
        return [dog, waste];
    }
}

/// <summary>A new town gets its default fee kinds; the operator's "reminders now" sends the day's reminders in the town.</summary>
public static class FeesTownHandler
{
    public static Task Handle(Portal.Towns.Contracts.TownOpened message, IDocumentStore store, ITowns towns, Portal.Shared.TownClock clock, CancellationToken ct) =>
        FeeKindsStartup.OpenAsync(store, towns.Current, clock.Today.Year, ct);

    public static object[] Handle(Portal.Towns.Contracts.TownJobRequested message, Portal.Shared.TownClock clock) =>
        message.Job == Portal.Towns.Contracts.TownJobs.Reminders ? [new SendReminders(clock.DateOf(message.At))] : [];
}
