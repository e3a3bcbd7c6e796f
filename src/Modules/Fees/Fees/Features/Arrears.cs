using System.Globalization;
using System.Text;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Fees.Contracts;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Portal.Shared;
using Portal.Shared.Text;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Fees.Features;

/// <summary>One obligation in arrears (nedoplatek): what is overdue, since when, and the reminders sent for it.</summary>
public sealed record Arrear(Guid ObligationId, string PayerName, string VariableSymbol, string? Address, bool HasAccount, string? Email, decimal Amount, decimal Overdue, DateOnly Since, int Reminders, DateTimeOffset? LastReminderAt);

/// <summary>The fees clerk's arrears list of a fee and year, the largest first (today in the town's calendar).</summary>
public sealed record GetArrears(string FeeCode, int Year, CurrentUser Clerk) : IRequest<IReadOnlyList<Arrear>>;

public sealed class GetArrearsSlice(IQuerySession session, TownClock town) : IRequestHandler<GetArrears, IReadOnlyList<Arrear>>
{
    public async ValueTask<IReadOnlyList<Arrear>> Handle(GetArrears request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks see arrears.");
        }

        var today = town.Today;
        var arrears = new List<(Obligation O, decimal Overdue, DateOnly Since)>();
        var after = Guid.Empty;
        while (true)
        {
            // Keyset pages of the fee's year; only an obligation whose first instalment is due is read whole.
            var page = await session.QueryAsync<Obligation>(
                $"select data from {FeesModule.Schema}.mt_doc_obligation where tenant_id = ? and data ->> 'FeeCode' = ? and (data ->> 'Year')::int = ? and id > ? order by id limit 5000",
                cancellationToken, session.TenantId, request.FeeCode, request.Year, after);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var o in page)
            {
                var overdue = o.OverdueOn(today);
                if (overdue > 0)
                {
                    var since = o.Allocation().First(i => i.Remaining > 0 && i.DueDate < today).DueDate;
                    arrears.Add((o, overdue, since));
                }
            }

            after = page[^1].Id;
        }

        var ids = arrears.Select(a => a.O.Id).ToArray();
        var reminders = new Dictionary<Guid, (int Count, DateTimeOffset Last)>();
        foreach (var chunk in ids.Chunk(10_000))
        {
            var rows = await session.QueryAsync<string>(
                $"select obligation_id::text || '|' || count(*) || '|' || to_char(max(sent_at) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from {ReminderLog.Table} where tenant_id = ? and obligation_id = any(?) group by obligation_id",
                cancellationToken, session.TenantId, chunk);
            foreach (var row in rows)
            {
                var parts = row.Split('|');
                reminders[Guid.Parse(parts[0])] = (int.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeOffset.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        var registrations = (await session.LoadManyAsync<Registration>(cancellationToken, arrears.Select(a => a.O.RegistrationId).Distinct().ToArray())).ToDictionary(r => r.Id);
        return arrears
            .Select(a =>
            {
                var r = registrations.GetValueOrDefault(a.O.RegistrationId);
                var sent = reminders.GetValueOrDefault(a.O.Id);
                return new Arrear(a.O.Id, a.O.PayerName, a.O.VariableSymbol, r?.Address, a.O.CitizenId is not null, r?.PayerEmail, a.O.Amount, a.Overdue, a.Since, sent.Count, sent.Count > 0 ? sent.Last : null);
            })
            .OrderByDescending(a => a.Overdue).ThenBy(a => a.Since).ThenBy(a => a.PayerName, StringComparer.Create(CultureInfo.GetCultureInfo("cs"), false))
            .ToList();
    }

    /// <summary>
    /// The arrears as CSV for a spreadsheet (UTF-8 with BOM, semicolons, Czech headers and number format, formula-safe
    /// text cells): payer, symbol, address, amounts, since when, days overdue, reminders sent.
    /// </summary>
    public static string Csv(IEnumerable<Arrear> arrears, TownClock town, IStringLocalizer t)
    {
        var today = town.Today;
        string[] headers = ["Poplatník", "Variabilní symbol", "Adresa", "Předepsáno (Kč)", "Dluží po splatnosti (Kč)", "Po splatnosti od", "Dní po splatnosti", "Upomínek odesláno", "Poslední upomínka", "Účet na portálu"];
        var csv = new StringBuilder("\uFEFF").AppendJoin(';', headers.Select(h => CsvCell.Text(t[h]))).Append("\r\n");
        foreach (var a in arrears)
        {
            csv.AppendJoin(';',
                CsvCell.Text(a.PayerName),
                CsvCell.Text(a.VariableSymbol),
                CsvCell.Text(a.Address),
                Czk.Number(a.Amount),
                Czk.Number(a.Overdue),
                CsvCell.Text(town.FormatDate(a.Since)),
                (today.DayNumber - a.Since.DayNumber).ToString(CultureInfo.InvariantCulture),
                a.Reminders.ToString(CultureInfo.InvariantCulture),
                CsvCell.Text(a.LastReminderAt is { } at ? town.Format(at) : string.Empty),
                CsvCell.Text(a.HasAccount ? t["ano"] : t["ne"])).Append("\r\n");
        }

        return csv.ToString();
    }
}

/// <summary>
/// The fees clerk sends a reminder now to the chosen payers in arrears (a message and an e-mail as each chose; by
/// e-mail to a payer registered on paper with an address). Once a day per instalment: the log's key is the days overdue.
/// </summary>
public sealed record SendArrearsReminders(IReadOnlyList<Guid> ObligationIds, CurrentUser Clerk) : IRequest<int>;

public sealed class SendArrearsRemindersSlice(IDocumentSession session, IMartenOutbox outbox, TownClock town, TimeProvider clock, IStringLocalizer<FeesText> t) : IRequestHandler<SendArrearsReminders, int>
{
    public async ValueTask<int> Handle(SendArrearsReminders request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks send reminders.");
        }

        var ids = request.ObligationIds.Distinct().Take(10_000).ToArray();
        if (ids.Length == 0)
        {
            throw new ValidationFailedException("ids", t["Vyberte alespoň jednoho poplatníka."]);
        }

        var today = town.Today;
        var now = clock.GetUtcNow();
        var kinds = (await session.Query<FeeKind>().ToListAsync(cancellationToken)).ToDictionary(k => k.Id);
        var obligations = await session.LoadManyAsync<Obligation>(cancellationToken, ids);
        outbox.Enroll(session);
        await session.BeginTransactionAsync(cancellationToken);
        var sent = 0;
        foreach (var group in obligations.Where(o => o.OverdueOn(today) > 0 && kinds.ContainsKey(o.FeeCode))
            .Select(o => (O: o, Due: o.Allocation().First(i => i.Remaining > 0 && i.DueDate < today).DueDate))
            .GroupBy(x => (x.O.FeeCode, x.Due)))
        {
            var offset = today.DayNumber - group.Key.Due.DayNumber;
            var reminders = await SendRemindersHandler.RemindersAsync(session, kinds[group.Key.FeeCode], group.Select(x => x.O).ToList(), group.Key.Due, offset, today, now, cancellationToken);
            var logged = await ReminderLog.LogAsync(session, reminders.Select(r => r.ObligationId).ToList(), group.Key.Due, offset, manual: true, now, cancellationToken);
            var fresh = reminders.Where(r => logged.Contains(r.ObligationId)).ToList();
            foreach (var chunk in fresh.Chunk(1000))
            {
                await outbox.PublishAsync(new InstalmentRemindersDue(chunk));
            }

            sent += fresh.Count;
        }

        await session.SaveChangesAsync(cancellationToken);
        return sent;
    }
}

/// <summary>The fees clerk sets when a fee's reminders go out: days before each due date, and days after it.</summary>
public sealed record SaveReminderDays(string FeeCode, string? Before, string? After, CurrentUser Clerk) : IRequest;

public sealed class SaveReminderDaysSlice(IDocumentSession session, IStringLocalizer<FeesText> t) : IRequestHandler<SaveReminderDays>
{
    public async ValueTask<Unit> Handle(SaveReminderDays request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks edit fees.");
        }

        var fee = await session.LoadAsync<FeeKind>(request.FeeCode, cancellationToken) ?? throw new NotFoundException("No such fee.");
        var errors = new ValidationErrors();
        var before = Days(request.Before, "before", errors);
        var after = Days(request.After, "after", errors);
        errors.ThrowIfAny();
        fee.ReminderDays = [.. before.Select(d => -d).Concat(after).Distinct().Order()];
        session.Store(fee);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }

    /// <summary>"14, 3" → [14, 3]: whole days from 1 to 365, at most five, separated by commas or spaces.</summary>
    private List<int> Days(string? text, string field, ValidationErrors errors)
    {
        var days = new List<int>();
        foreach (var part in (text ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day is < 1 or > 365)
            {
                errors.Add(field, t["Zadejte počty dní od 1 do 365 oddělené čárkou, např. 14, 3."]);
                return [];
            }

            days.Add(day);
        }

        if (days.Distinct().Count() > 5)
        {
            errors.Add(field, t["Nejvýše pět připomínek."]);
        }

        return days.Distinct().ToList();
    }
}
