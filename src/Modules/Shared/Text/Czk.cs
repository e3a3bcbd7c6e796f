using System.Globalization;

namespace Portal.Shared.Text;

/// <summary>
/// Money as the portal writes it everywhere, in both languages: <c>1 350,00 Kč</c> (Czech grouping with a no-break
/// space, a decimal comma, two decimals, a no-break space before "Kč" so the amount never wraps from its currency).
/// </summary>
public static class Czk
{
    private static readonly NumberFormatInfo Czech = CultureInfo.GetCultureInfo("cs-CZ").NumberFormat;

    public static string Format(decimal amount) => amount.ToString("N2", Czech) + "\u00a0Kč";

    /// <summary>The number alone (<c>1 350,00</c>), for a column whose header names the currency.</summary>
    public static string Number(decimal amount) => amount.ToString("N2", Czech);
}
