namespace Portal.Payments.Contracts;

/// <summary>Marks the public contract assembly of the Payments module (its messages arrive with the module's issue).</summary>
public static class PaymentsContracts
{
    public const string Module = "Payments";
}
