namespace Portal.Shared.Web;

/// <summary>
/// What modules add to the host's content security policy: origins a form post may end up at through a redirect
/// (NIA's sign-out, the card gateway's payment page). The host builds the policy from it once.
/// </summary>
public sealed class ContentSecurityOptions
{
    public List<string> FormActionOrigins { get; } = [];

    /// <summary>Adds the origin (scheme, host, port) of an absolute address; ignores anything else.</summary>
    public void AllowFormTarget(string? address)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var origin = uri.GetLeftPart(UriPartial.Authority);
            if (!FormActionOrigins.Contains(origin))
            {
                FormActionOrigins.Add(origin);
            }
        }
    }
}
