namespace Portal.Identity.Infrastructure;

/// <summary>The eIDAS attribute names NIA uses in its tokens (no OIDC standard names, no sub).</summary>
public static class NiaClaims
{
    public const string PersonIdentifier = "PersonIdentifier";
    public const string GivenName = "CurrentGivenName";
    public const string FamilyName = "CurrentFamilyName";
    public const string DateOfBirth = "DateOfBirth";
    public const string PlaceOfBirth = "PlaceOfBirth";
    public const string Address = "CurrentAddress";
    public const string Email = "eMail";
    public const string Phone = "phonenumber";
    public const string Acr = "acr";

    /// <summary>The attributes the portal asks for, in the authorize request's <c>claims</c> parameter.</summary>
    public static readonly IReadOnlyList<string> Requested = [PersonIdentifier, GivenName, FamilyName, DateOfBirth, PlaceOfBirth, Address, Email];

    public static string ClaimsParameter() =>
        "{\"id_token\":{" + string.Join(",", Requested.Select(c => $"\"{c}\":null")) + "}}";
}
