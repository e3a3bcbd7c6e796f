using System.Globalization;
using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Shared.Banking;
using Portal.Shared.Towns;
using Portal.Shared.Validation;
using Portal.Towns.Domain;
using Portal.Towns.Infrastructure;

namespace Portal.Towns.Features;

/// <summary>The town's own settings as its administrator edits them; secrets only say whether they are set.</summary>
public sealed record TownSettingsView(
    string Id,
    string Name,
    string Ico,
    string Address,
    IReadOnlyList<string> HostNames,
    string ReferencePrefix,
    string FeeAccount,
    IReadOnlyList<string> StatementAccounts,
    string HeaderColour,
    string Emblem,
    string ContactEmail,
    string ContactPhone,
    string AccessibilityContact,
    string AccessibilityStatementDate,
    string EmailFrom,
    string EmailFromName,
    string ReminderSendAt,
    string NiaClientId,
    bool HasNiaClientSecret,
    string GatewayMerchant,
    bool HasGatewaySecret);

/// <summary>The current town's settings.</summary>
public sealed record GetTownSettings : IRequest<TownSettingsView>;

public sealed class GetTownSettingsSlice(IDocumentStore store) : IRequestHandler<GetTownSettings, TownSettingsView>
{
    public async ValueTask<TownSettingsView> Handle(GetTownSettings request, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var town = await session.LoadAsync<Town>(TownContext.RequiredId, cancellationToken) ?? throw new NotFoundException("No such town.");
        return View(town);
    }

    internal static TownSettingsView View(Town t) => new(
        t.Id, t.Name, t.Ico, t.Address, t.HostNames, t.ReferencePrefix, t.FeeAccount, t.StatementAccounts, t.HeaderColour, t.Emblem, t.ContactEmail, t.ContactPhone,
        t.AccessibilityContact, t.AccessibilityStatementDate, t.EmailFrom, t.EmailFromName, t.ReminderSendAt.ToString("HH:mm", CultureInfo.InvariantCulture), t.NiaClientId,
        t.ProtectedSecrets.ContainsKey(TownSecrets.NiaClientSecret), t.GatewayMerchant, t.ProtectedSecrets.ContainsKey(TownSecrets.GatewaySecret));
}

/// <summary>
/// The town's administrator saves the town's settings (the platform operator only its host names). A secret left empty
/// stays as it was; a secret is stored encrypted and never shown back.
/// </summary>
public sealed record SaveTownSettings(
    string? Name,
    string? Ico,
    string? Address,
    string? ReferencePrefix,
    string? FeeAccount,
    string? StatementAccounts,
    string? HeaderColour,
    string? Emblem,
    string? ContactEmail,
    string? ContactPhone,
    string? AccessibilityContact,
    string? AccessibilityStatementDate,
    string? EmailFrom,
    string? EmailFromName,
    string? ReminderSendAt,
    string? NiaClientId,
    string? NiaClientSecret,
    string? GatewayMerchant,
    string? GatewaySecret) : IRequest;

public sealed class SaveTownSettingsSlice(IDocumentStore store, TownDirectory directory, IStringLocalizer<TownsText> t) : IRequestHandler<SaveTownSettings>
{
    public async ValueTask<Unit> Handle(SaveTownSettings r, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var town = await session.LoadAsync<Town>(TownContext.RequiredId, cancellationToken) ?? throw new NotFoundException("No such town.");
        var errors = new ValidationErrors();
        string Text(string? value, int max, string field, bool required = false)
        {
            var v = value?.Trim() ?? string.Empty;
            if (v.Length > max || (required && v.Length == 0))
            {
                errors.Add(field, required ? string.Format(t["Vyplňte (nejvýše {0} znaků)."], max) : string.Format(t["Nejvýše {0} znaků."], max));
            }

            return v;
        }

        var name = Text(r.Name, 100, nameof(r.Name), required: true);
        var ico = Text(r.Ico, 8, nameof(r.Ico));
        if (ico.Length > 0 && !TownSettingsRules.IsValidIco(ico))
        {
            errors.Add(nameof(r.Ico), t["IČO má 8 číslic a platnou kontrolní číslici."]);
        }

        var address = Text(r.Address, 200, nameof(r.Address));
        var prefix = r.ReferencePrefix?.Trim() ?? string.Empty;
        TownRules.CheckPrefix(prefix, errors, t);
        var feeAccount = r.FeeAccount?.Trim() ?? string.Empty;
        if (!BankAccount.TryParse(feeAccount, out _, out _))
        {
            errors.Add(nameof(r.FeeAccount), t["Napište číslo účtu obce pro poplatky ve tvaru [předčíslí-]číslo/kód banky, např. 19-2000145399/0800."]);
        }

        var statementAccounts = (r.StatementAccounts ?? string.Empty).Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (statementAccounts.Any(a => !BankAccount.TryParse(a, out _, out _)))
        {
            errors.Add(nameof(r.StatementAccounts), t["Každý další účet napište ve tvaru [předčíslí-]číslo/kód banky; více účtů oddělte čárkou."]);
        }

        var colour = r.HeaderColour?.Trim() ?? string.Empty;
        if (colour.Length > 0 && !TownSettingsRules.IsReadableHeaderColour(colour))
        {
            errors.Add(nameof(r.HeaderColour), t["Barva záhlaví ve tvaru #rrggbb, dost tmavá, aby na ní byl bílý text čitelný (kontrast alespoň 4,5 : 1)."]);
        }

        var emblem = r.Emblem?.Trim() ?? string.Empty;
        if (emblem.Length > 0 && !TownSettingsRules.IsAcceptableEmblem(emblem))
        {
            errors.Add(nameof(r.Emblem), t["Znak obce: obrázek PNG nebo SVG (nejvýše 100 kB)."]);
        }

        string Email(string? value, string field)
        {
            var v = value?.Trim() ?? string.Empty;
            if (v.Length > 0 && (!System.Net.Mail.MailAddress.TryCreate(v, out _) || v.Length > 200))
            {
                errors.Add(field, t["Napište platnou e-mailovou adresu."]);
            }

            return v;
        }

        var contactEmail = Email(r.ContactEmail, nameof(r.ContactEmail));
        var contactPhone = Text(r.ContactPhone, 40, nameof(r.ContactPhone));
        var accessibilityContact = Email(r.AccessibilityContact, nameof(r.AccessibilityContact));
        var statementDate = r.AccessibilityStatementDate?.Trim() ?? string.Empty;
        if (statementDate.Length > 0 && !DateOnly.TryParseExact(statementDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(nameof(r.AccessibilityStatementDate), t["Datum ve tvaru RRRR-MM-DD."]);
        }

        var emailFrom = Email(r.EmailFrom, nameof(r.EmailFrom));
        var emailFromName = Text(r.EmailFromName, 100, nameof(r.EmailFromName));
        if (!TimeOnly.TryParseExact(r.ReminderSendAt?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var sendAt))
        {
            errors.Add(nameof(r.ReminderSendAt), t["Čas ve tvaru HH:MM, např. 07:00."]);
        }

        var niaClientId = Text(r.NiaClientId, 300, nameof(r.NiaClientId));
        var merchant = Text(r.GatewayMerchant, 100, nameof(r.GatewayMerchant));
        errors.ThrowIfAny();

        town.Name = name;
        town.Ico = ico;
        town.Address = address;
        town.ReferencePrefix = prefix;
        town.FeeAccount = feeAccount;
        town.StatementAccounts = statementAccounts;
        town.HeaderColour = colour;
        town.Emblem = emblem;
        town.ContactEmail = contactEmail;
        town.ContactPhone = contactPhone;
        town.AccessibilityContact = accessibilityContact;
        town.AccessibilityStatementDate = statementDate;
        town.EmailFrom = emailFrom;
        town.EmailFromName = emailFromName;
        town.ReminderSendAt = sendAt;
        town.NiaClientId = niaClientId;
        town.GatewayMerchant = merchant;
        if (!string.IsNullOrWhiteSpace(r.NiaClientSecret))
        {
            town.ProtectedSecrets[TownSecrets.NiaClientSecret] = directory.Protect(r.NiaClientSecret.Trim());
        }

        if (!string.IsNullOrWhiteSpace(r.GatewaySecret))
        {
            town.ProtectedSecrets[TownSecrets.GatewaySecret] = directory.Protect(r.GatewaySecret.Trim());
        }

        session.Store(town);
        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>The platform operator sets the host names a town answers on.</summary>
public sealed record SetTownHosts(string Id, string? HostNames) : IRequest;

public sealed class SetTownHostsSlice(IDocumentStore store, TownDirectory directory, IStringLocalizer<TownsText> t) : IRequestHandler<SetTownHosts>
{
    public async ValueTask<Unit> Handle(SetTownHosts request, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var town = await session.LoadAsync<Town>(request.Id, cancellationToken);
        if (town is null || town.IsPlatform)
        {
            throw new NotFoundException("No such town.");
        }

        var errors = new ValidationErrors();
        var hosts = TownRules.ParseHosts(request.HostNames);
        TownRules.CheckHosts(hosts, town.Id, directory, errors, t);
        errors.ThrowIfAny();
        town.HostNames = hosts;
        session.Store(town);
        await session.SaveChangesAsync(cancellationToken);
        await directory.ReloadAsync(cancellationToken);
        return Unit.Value;
    }
}

/// <summary>Checks of the town's settings that are pure rules (unit-tested).</summary>
public static class TownSettingsRules
{
    /// <summary>IČO: 8 digits, the last a mod-11 check digit of the first seven (weights 8..2).</summary>
    public static bool IsValidIco(string ico)
    {
        if (ico.Length != 8 || !ico.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            sum += (ico[i] - '0') * (8 - i);
        }

        var check = (11 - (sum % 11)) % 10;
        return ico[7] - '0' == check;
    }

    /// <summary>#rrggbb dark enough for white text at WCAG AA (contrast at least 4.5 : 1).</summary>
    public static bool IsReadableHeaderColour(string colour)
    {
        if (colour.Length != 7 || colour[0] != '#' || !int.TryParse(colour.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return false;
        }

        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel((rgb >> 16) & 0xFF)) + (0.7152 * Channel((rgb >> 8) & 0xFF)) + (0.0722 * Channel(rgb & 0xFF));
        return 1.05 / (luminance + 0.05) >= 4.5;
    }

    /// <summary>A PNG or SVG image as a data URI of at most 100 kB (kept with the town; no other site is asked for it).</summary>
    public static bool IsAcceptableEmblem(string emblem) =>
        emblem.Length <= 140_000
        && (emblem.StartsWith("data:image/png;base64,", StringComparison.Ordinal) || emblem.StartsWith("data:image/svg+xml;base64,", StringComparison.Ordinal))
        && Convert.TryFromBase64String(emblem[(emblem.IndexOf(',') + 1)..], new byte[emblem.Length], out _);
}
