using System.Globalization;

namespace Portal.Shared.Time;

/// <summary>A date as Czech people type it: "15. 2. 2027", "15.2.2027", "15. 02. 2027" (or ISO "2027-02-15" from a date picker).</summary>
public static class CzechDate
{
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 30)
        {
            return false;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        return DateOnly.TryParseExact(compact, ["d.M.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
