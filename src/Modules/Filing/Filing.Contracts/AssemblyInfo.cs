namespace Portal.Filing.Contracts;

/// <summary>Marks the public contract assembly of the Filing module (its messages arrive with the module's issue).</summary>
public static class FilingContracts
{
    public const string Module = "Filing";
}
