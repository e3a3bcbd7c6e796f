namespace Portal.Forms.Contracts;

/// <summary>Marks the public contract assembly of the Forms module (its messages arrive with the module's issue).</summary>
public static class FormsContracts
{
    public const string Module = "Forms";
}
