using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Fees.Domain;
using Portal.Filing.Contracts;
using Portal.Identity.Contracts;
using Portal.Shared;
using Portal.Fees.Contracts;
using Portal.Shared.Validation;
using Wolverine;

namespace Portal.Fees.Features;

/// <summary>A registration as a clerk types it (or the form's data brings it).</summary>
public sealed record RegistrationInput(
    string FeeCode,
    string PayerName,
    DateOnly? PayerBirthDate,
    string? PayerEmail,
    string Address,
    DateOnly? From,
    bool Property,
    bool Reduced,
    string? Exemption,
    IReadOnlyList<FeeSubject> Subjects,
    Guid? CitizenId);

/// <summary>The shared steps of every new registration: checks, a number, and the current year assessed at once.</summary>
internal static class RegistrationBook
{
    public static ValidationErrors Validate(RegistrationInput input, IStringLocalizer t, int townYear)
    {
        var errors = new ValidationErrors();
        if (!FeeCodes.All.Contains(input.FeeCode))
        {
            errors.Add("feeCode", t["Vyberte poplatek."]);
        }

        if (input.PayerName.Trim().Length is < 3 or > 100)
        {
            errors.Add("payerName", t["Zadejte jméno a příjmení poplatníka (3 až 100 znaků)."]);
        }

        if (input.Address.Trim().Length is < 5 or > 200)
        {
            errors.Add("address", t["Zadejte adresu (5 až 200 znaků)."]);
        }

        if (input.From is null)
        {
            errors.Add("from", t["Zadejte, od kdy povinnost trvá."]);
        }
        else if (input.From.Value.Year < 2000 || input.From.Value.Year > townYear + 1)
        {
            errors.Add("from", t["Datum musí ležet mezi rokem 2000 a příštím rokem."]);
        }

        var needsSubjects = input.FeeCode == FeeCodes.Dog || (input.FeeCode == FeeCodes.Waste && !input.Property);
        if (needsSubjects && input.Subjects.Count == 0)
        {
            errors.Add("subjects", input.FeeCode == FeeCodes.Dog ? t["Uveďte alespoň jednoho psa."] : t["Uveďte alespoň jednu osobu."]);
        }

        if (input.Subjects.Count > 20)
        {
            errors.Add("subjects", t["Nejvýše 20 položek."]);
        }

        foreach (var (s, i) in input.Subjects.Select((s, i) => (s, i)))
        {
            if (s.Name.Trim().Length is < 1 or > 100)
            {
                errors.Add($"subjects[{i}].name", t["Zadejte jméno."]);
            }

            if (input.FeeCode == FeeCodes.Dog && s.BirthDate is { } born && (born > s.From || born.Year < 1980))
            {
                errors.Add($"subjects[{i}].birthDate", t["Pes se nemohl narodit později, než ho držitel má."]);
            }

            if (s.To is { } to && to < s.From)
            {
                errors.Add($"subjects[{i}].to", t["Konec nemůže předcházet začátku."]);
            }
        }

        return errors;
    }

    public static async Task<Registration> CreateAsync(IDocumentSession session, Guid id, RegistrationInput input, string createdBy, DateTimeOffset now, int townYear, CancellationToken ct, List<Assessed>? assessed = null, string? review = null)
    {
        var counter = await session.LoadAsync<RegistrationCounter>(input.FeeCode, ct) ?? new RegistrationCounter { Id = input.FeeCode };
        counter.Last++;
        session.Store(counter);
        var registration = new Registration
        {
            Id = id,
            Number = counter.Last,
            FeeCode = input.FeeCode,
            CitizenId = input.CitizenId,
            PayerName = input.PayerName.Trim(),
            PayerBirthDate = input.PayerBirthDate,
            PayerEmail = string.IsNullOrWhiteSpace(input.PayerEmail) ? null : input.PayerEmail.Trim(),
            Address = input.Address.Trim(),
            Property = input.Property,
            Reduced = input.Reduced,
            Exemption = string.IsNullOrWhiteSpace(input.Exemption) ? null : input.Exemption,
            From = input.From!.Value,
            Subjects = input.Subjects.Select(s => new FeeSubject { Name = s.Name.Trim(), BirthDate = s.BirthDate, From = s.From < input.From!.Value ? input.From.Value : s.From, To = s.To, Exemption = s.Exemption }).ToList(),
            CreatedAt = now,
            CreatedBy = createdBy,
            Review = review,
        };
        session.Insert(registration);
        if (review is null)
        {
            await AssessNewAsync(session, registration, now, townYear, ct, assessed);
        }

        return registration;
    }

    /// <summary>
    /// The year a registration starts in (and the current year, when it started earlier) is assessed at once, so the
    /// citizen sees what they owe; later years come from the yearly run.
    /// </summary>
    public static async Task AssessNewAsync(IDocumentSession session, Registration registration, DateTimeOffset now, int townYear, CancellationToken ct, List<Assessed>? assessed = null)
    {
        var fee = await session.LoadAsync<FeeKind>(registration.FeeCode, ct);
        if (fee is not null)
        {
            foreach (var year in new[] { registration.From.Year, townYear }.Distinct().Where(y => y >= registration.From.Year && y <= townYear + 1))
            {
                if (fee.RatesFor(year) is { } rates && await session.Events.FetchStreamStateAsync(Obligation.IdFor(registration.Id, year), ct) is null)
                {
                    var e = Assessor.Assess(fee, rates, registration, year, now);
                    session.Events.StartStream<Obligation>(e.ObligationId, e);
                    assessed?.Add(e);
                }
            }
        }

    }
}

/// <summary>Makes the <see cref="Assessed"/> event for one registration and year.</summary>
internal static class Assessor
{
    public static Assessed Assess(FeeKind fee, FeeRates rates, Registration registration, int year, DateTimeOffset now)
    {
        var assessment = FeeCalculator.Assess(fee, rates, registration, year);
        return new Assessed(
            Obligation.IdFor(registration.Id, year),
            registration.Id,
            fee.Id,
            year,
            registration.CitizenId,
            registration.PayerName,
            assessment.Amount,
            Obligation.SymbolFor(fee.Id, year, registration.Number),
            assessment.Instalments,
            assessment.Lines,
            now);
    }
}

/// <summary>A fees clerk enters a registration by hand (a paper form, a phone call).</summary>
public sealed record RegisterPayer(RegistrationInput Input, CurrentUser Clerk) : IRequest<Guid>;

public sealed class RegisterPayerSlice(IDocumentSession session, IStringLocalizer<FeesText> t, TimeProvider clock, TownClock town) : IRequestHandler<RegisterPayer, Guid>
{
    public async ValueTask<Guid> Handle(RegisterPayer request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks register payers.");
        }

        RegistrationBook.Validate(request.Input, t, town.Today.Year).ThrowIfAny();
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        // A clerk never ties a payer to a portal account by hand: that happens only through the person's own verified
        // sign-in (pairing), so a typo cannot show someone's fees to somebody else.
        await RegistrationBook.CreateAsync(session, id, request.Input with { CitizenId = null }, request.Clerk.Name, clock.GetUtcNow(), town.Today.Year, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return id;
    }
}

/// <summary>Registrations of a fee, searched by payer name or number, newest first.</summary>
public sealed record ListRegistrations(string? FeeCode, string? Search) : IRequest<IReadOnlyList<Registration>>;

public sealed class ListRegistrationsSlice(IQuerySession session) : IRequestHandler<ListRegistrations, IReadOnlyList<Registration>>
{
    public async ValueTask<IReadOnlyList<Registration>> Handle(ListRegistrations request, CancellationToken cancellationToken)
    {
        var query = session.Query<Registration>().AsQueryable();
        if (!string.IsNullOrEmpty(request.FeeCode))
        {
            query = query.Where(r => r.FeeCode == request.FeeCode);
        }

        if (request.Search?.Trim() is { Length: > 0 } search)
        {
            query = long.TryParse(search, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? query.Where(r => r.Number == number)
                : query.Where(r => r.PayerName.Contains(search, StringComparison.OrdinalIgnoreCase));
        }

        return await query.OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// The fees clerk has checked a registration from a partly granted form against the decision (and ended what was not
/// granted): it is assessed now like any other, and the citizen is told what they owe.
/// </summary>
public sealed record ConfirmRegistration(Guid RegistrationId, CurrentUser Clerk) : IRequest;

public sealed class ConfirmRegistrationSlice(IDocumentSession session, Wolverine.Marten.IMartenOutbox outbox, TimeProvider clock, TownClock town) : IRequestHandler<ConfirmRegistration>
{
    public async ValueTask<Unit> Handle(ConfirmRegistration request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks confirm registrations.");
        }

        var registration = await session.LoadAsync<Registration>(request.RegistrationId, cancellationToken) ?? throw new NotFoundException("No such registration.");
        if (registration.Review is null)
        {
            return Unit.Value; // confirmed already (a second press)
        }

        registration.Review = null;
        session.Store(registration);
        var now = clock.GetUtcNow();
        var assessed = new List<Assessed>();
        await RegistrationBook.AssessNewAsync(session, registration, now, town.Today.Year, cancellationToken, assessed);
        var fee = await session.LoadAsync<FeeKind>(registration.FeeCode, cancellationToken);
        var told = assessed.Where(a => a.CitizenId is not null && a.Amount > 0 && fee is not null)
            .Select(a => new AssessedObligation(a.ObligationId, a.CitizenId!.Value, fee!.NameCs, fee.NameEn, a.Year, a.Amount, a.Instalments.Select(i => (DateOnly?)i.DueDate).Min(), a.At))
            .ToList();
        outbox.Enroll(session);
        if (told.Count > 0)
        {
            await outbox.PublishAsync(new ObligationsAssessed(told));
        }

        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A registration with its obligations, for the clerk.</summary>
public sealed record GetRegistration(Guid Id) : IRequest<(Registration Registration, IReadOnlyList<Obligation> Obligations)>;

public sealed class GetRegistrationSlice(IQuerySession session, TownClock town) : IRequestHandler<GetRegistration, (Registration, IReadOnlyList<Obligation>)>
{
    public async ValueTask<(Registration, IReadOnlyList<Obligation>)> Handle(GetRegistration request, CancellationToken cancellationToken)
    {
        var registration = await session.LoadAsync<Registration>(request.Id, cancellationToken) ?? throw new NotFoundException("No such registration.");
        var obligations = (await session.LoadManyAsync<Obligation>(cancellationToken, Obligation.IdsFor(registration, town.Today.Year + 1))).OrderBy(o => o.Year).ToList();
        return (registration, obligations);
    }
}

/// <summary>
/// The duty ended (moved away, the dog died): the registration gets its end date, later years are no longer
/// assessed, and an obligation already assessed for the year it ends in is recalculated and adjusted in its ledger.
/// </summary>
public sealed record EndRegistration(Guid RegistrationId, DateOnly? To, CurrentUser Clerk) : IRequest;

public sealed class EndRegistrationSlice(IDocumentSession session, IStringLocalizer<FeesText> t, TimeProvider clock, TownClock town) : IRequestHandler<EndRegistration>
{
    public async ValueTask<Unit> Handle(EndRegistration request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks end registrations.");
        }

        var registration = await session.LoadAsync<Registration>(request.RegistrationId, cancellationToken) ?? throw new NotFoundException("No such registration.");
        var now = clock.GetUtcNow();
        if (request.To is not { } to)
        {
            throw new ValidationFailedException("to", t["Zadejte, ke kterému dni povinnost zanikla."]);
        }

        var thisYear = town.Today.Year;
        if (to < registration.From || to.Year > thisYear + 1)
        {
            throw new ValidationFailedException("to", t["Konec nemůže předcházet začátku ani ležet dál než v příštím roce."]);
        }

        registration.To = to;
        session.Store(registration);
        var kinds = await session.LoadAsync<FeeKind>(registration.FeeCode, cancellationToken);
        var years = Enumerable.Range(to.Year, Math.Max(0, thisYear + 2 - to.Year)); // the year it ends and any assessed after it
        var obligations = await session.LoadManyAsync<Obligation>(cancellationToken, years.Select(y => Obligation.IdFor(registration.Id, y)).ToArray());
        foreach (var obligation in obligations)
        {
            if (kinds?.RatesFor(obligation.Year) is not { } rates)
            {
                continue;
            }

            var delta = FeeCalculator.Assess(kinds, rates, registration, obligation.Year).Amount - obligation.Amount;
            if (delta != 0)
            {
                // Version-checked: the ledger may settle a payment of this obligation meanwhile (its snapshot must not be lost).
                await session.Events.AppendOptimistic(obligation.Id, cancellationToken, new Adjusted(delta, string.Format(System.Globalization.CultureInfo.InvariantCulture, "Konec povinnosti k {0:d. M. yyyy}", to), request.Clerk.Name, now));
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>
/// Filing decided a submission: an approved fee form becomes a registration (its id is the submission's, so a
/// redelivered message finds it and adds nothing). The payer is the citizen who sent the form.
/// </summary>
public static class SubmissionDecidedHandler
{
    public static async Task Handle(SubmissionDecided message, IDocumentSession session, IMessageBus bus, TimeProvider clock, TownClock town, CancellationToken cancellationToken)
    {
        // Granted whole, or in part: a part granted is still a duty to register (the clerk checks it against the decision).
        var partly = message.Outcome == "PartlyApproved";
        if (!(message.Approved || partly) || await session.LoadAsync<Registration>(message.SubmissionId, cancellationToken) is not null)
        {
            return;
        }

        var reading = await bus.InvokeAsync<Portal.Forms.Contracts.FeeRegistrationReading>(
            new Portal.Forms.Contracts.ReadFeeRegistration(message.FormCode, message.FormVersion, message.Values), cancellationToken);
        if (reading.Data is not { } data)
        {
            return;
        }

        var input = FormMapping.ToInput(data, message.CitizenId);

        var assessed = new List<Assessed>();
        var registration = await RegistrationBook.CreateAsync(session, message.SubmissionId, input, "podatelna " + message.ReferenceNumber, clock.GetUtcNow(), town.Today.Year, cancellationToken, assessed,
            review: partly ? (string.IsNullOrWhiteSpace(message.Justification) ? "–" : message.Justification) : null);
        registration.SourceSubmissionId = message.SubmissionId;
        registration.SourceReference = message.ReferenceNumber;

        // The citizen hears what they owe (the message centre), with this transaction.
        var fee = await session.LoadAsync<FeeKind>(registration.FeeCode, cancellationToken);
        var told = assessed.Where(a => a.CitizenId is not null && a.Amount > 0 && fee is not null)
            .Select(a => new AssessedObligation(a.ObligationId, a.CitizenId!.Value, fee!.NameCs, fee.NameEn, a.Year, a.Amount, a.Instalments.Select(i => (DateOnly?)i.DueDate).Min(), a.At))
            .ToList();
        if (told.Count > 0)
        {
            await bus.PublishAsync(new ObligationsAssessed(told));
        }
    }
}

/// <summary>
/// A fee registration form as Forms reads it through the form's own mapping (the town's form designer marks a form as
/// a registration for a fee and maps its fields), turned into a registration.
/// </summary>
internal static class FormMapping
{
    public static RegistrationInput ToInput(Portal.Forms.Contracts.FeeRegistrationData data, Guid citizenId)
    {
        var from = data.From;
        var subjects = data.Subjects.Select(s => new FeeSubject
        {
            Name = s.Name,
            BirthDate = s.BirthDate,
            From = s.From ?? from ?? DateOnly.MinValue,
            Exemption = s.Exemption,
        }).ToList();
        return new RegistrationInput(data.Fee, data.PayerName, data.PayerBirthDate, data.PayerEmail, data.Address, from,
            data.Property, data.Reduced, data.Exemption, subjects, citizenId);
    }
}

/// <summary>What a registration form for a fee must give: the form designer checks a fee form's mapping with it before publishing.</summary>
public static class DescribeFeeRegistrationHandler
{
    public static async Task<FeeRegistrationTerms> Handle(DescribeFeeRegistration query, IQuerySession session, CancellationToken cancellationToken)
    {
        var fee = FeeCodes.All.Contains(query.Fee) ? await session.LoadAsync<FeeKind>(query.Fee, cancellationToken) : null;
        return query.Fee switch
        {
            _ when fee is null => new FeeRegistrationTerms(false, query.Fee, false, false, false, [], []),
            FeeCodes.Dog => new FeeRegistrationTerms(true, fee.NameCs, NeedsSubjects: true, AllowsProperty: false, AllowsReduced: true, [FeeCalculator.ShelterExemption], ["ztp"]),
            _ => new FeeRegistrationTerms(true, fee.NameCs, NeedsSubjects: true, AllowsProperty: true, AllowsReduced: false, ["dite", "zarizeni"], []),
        };
    }
}
