namespace Portal.Shared.Text;

/// <summary>
/// One cell of a CSV a clerk opens in a spreadsheet (RFC 4180, ';' separated as Czech Excel expects). A value that a
/// spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage return: <c>=HYPERLINK(...)</c> in
/// a citizen's name) is written with a leading apostrophe, so it shows as the text it is.
/// </summary>
public static class CsvCell
{
    public static string Text(string? value)
    {
        var v = value ?? string.Empty;
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '｜' or '＝' or '＋' or '－' or '＠')
        {
            v = "'" + v;
        }

        return "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
