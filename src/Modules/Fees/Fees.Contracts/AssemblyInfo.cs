namespace Portal.Fees.Contracts;

/// <summary>Marks the public contract assembly of the Fees module (its messages arrive with the module's issue).</summary>
public static class FeesContracts
{
    public const string Module = "Fees";
}
