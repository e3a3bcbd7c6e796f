namespace Portal.Fees.Domain;

public enum PairingState
{
    Open,
    Confirmed,
    Rejected,
}

/// <summary>Why a payer was not paired with a verified account at once.</summary>
public enum PairingReason
{
    /// <summary>Name and date of birth match, the address in NIA does not (street, house number or PSČ).</summary>
    AddressDiffers,

    /// <summary>Name and date of birth match; NIA released no address to compare.</summary>
    NoAddress,

    /// <summary>Another verified identity matches the same payer too.</summary>
    SeveralIdentities,

    /// <summary>The payer already belongs to another account, and this identity matches as well.</summary>
    PairedToAnother,
}

/// <summary>
/// A verified identity that matches a payer from before the portal only by name and date of birth (or together with
/// another identity): the fees clerk confirms the pairing, having checked it (a call, a visit, a past payment), or
/// rejects it. One per payer's registration and account (the id follows from both), so signing in again adds nothing.
/// </summary>
public sealed class PairingProposal
{
    public Guid Id { get; set; }
    public Guid RegistrationId { get; set; }
    public string FeeCode { get; set; } = string.Empty;
    public Guid UserId { get; set; }
    public string Name { get; set; } = string.Empty;
    public DateOnly DateOfBirth { get; set; }
    public string? NiaAddress { get; set; }
    public string RegistrationAddress { get; set; } = string.Empty;
    public bool AddressMatches { get; set; }
    public PairingReason Reason { get; set; }
    public PairingState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public static Guid IdFor(Guid registrationId, Guid userId) => Portal.Shared.Ids.StableGuid.From(registrationId, userId);
}
