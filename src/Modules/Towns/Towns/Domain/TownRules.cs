using Microsoft.Extensions.Localization;
using Portal.Shared.Towns;
using Portal.Shared.Validation;

namespace Portal.Towns.Domain;

/// <summary>What a town's host names and reference prefix must be.</summary>
public static class TownRules
{
    /// <summary>Host names typed one per line or separated by commas or spaces, normalised, without duplicates.</summary>
    public static List<string> ParseHosts(string? text) =>
        (text ?? string.Empty).Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(Town.NormalizeHost).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A DNS name: labels of a-z, 0-9 and inner hyphens, at most 253 characters.</summary>
    public static bool IsValidHost(string host) =>
        host.Length is > 0 and <= 253
        && host.Split('.').All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'));

    /// <summary>
    /// A new town's public address: its first host name, served as the platform's console is (its scheme and port:
    /// one installation behind one proxy); https on the default port without a console address.
    /// </summary>
    public static string BaseUrl(string host, string? platformBaseUrl)
    {
        if (platformBaseUrl is { Length: > 0 } && Uri.TryCreate(platformBaseUrl, UriKind.Absolute, out var platform))
        {
            return new UriBuilder(platform.Scheme, host, platform.IsDefaultPort ? -1 : platform.Port).Uri.ToString().TrimEnd('/');
        }

        return (IsLocal(host) ? "http://" : "https://") + host;
    }

    public static bool IsLocal(string host) => host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal);

    public static void CheckHosts(IReadOnlyList<string> hosts, string townId, ITowns towns, ValidationErrors errors, IStringLocalizer t)
    {
        if (hosts.Count == 0 || hosts.Any(h => !IsValidHost(h)))
        {
            errors.Add("HostNames", t["Napište alespoň jednu platnou adresu portálu obce (např. portal.obec-vzor.cz); více adres oddělte čárkou."]);
            return;
        }

        foreach (var host in hosts)
        {
            if (towns.ForHost(host) is { } other && other.Id != townId)
            {
                errors.Add("HostNames", string.Format(t["Adresu {0} už používá jiná obec."], host));
            }
        }
    }

    /// <summary>The originator designation of the town's reference numbers: 1-12 of A-Z, 0-9, '-' and '.'.</summary>
    public static void CheckPrefix(string prefix, ValidationErrors errors, IStringLocalizer t)
    {
        if (prefix.Length is < 1 or > 12 || !prefix.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.'))
        {
            errors.Add("ReferencePrefix", t["Označení obce v číslech jednacích: 1 až 12 velkých písmen bez diakritiky, číslic, pomlček a teček (např. OVZOR)."]);
        }
    }
}
