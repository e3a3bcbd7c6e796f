namespace Portal.Fees.Contracts;

/// <summary>Marks the public contract assembly of the Fees module.</summary>
public static class FeesContracts
{
    public const string Module = "Fees";
}
