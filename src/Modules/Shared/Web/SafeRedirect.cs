namespace Portal.Shared.Web;

/// <summary>
/// The one check for a return address taken from a request: a path on this site only. Stricter than the framework's
/// <c>IsLocalUrl</c> (which throws later on what it lets through): no scheme, no <c>//</c> or <c>/\</c>, no backslash
/// anywhere, no control or white-space character (<c>/%09/evil.com</c> is <c>//evil.com</c> to a browser).
/// </summary>
public static class SafeRedirect
{
    public const int MaxLength = 2000;

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url.Length <= MaxLength
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    /// <summary>The address when it is local, otherwise the fallback.</summary>
    public static string Or(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
