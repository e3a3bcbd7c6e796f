namespace Portal.Forms.Contracts;

/// <summary>An attachment sent with a form: what the filing office registers (the bytes stay with Forms).</summary>
public sealed record SubmittedAttachment(Guid Id, string FieldName, string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// A citizen sent a completed form. Published through the Marten outbox in the transaction that froze the draft;
/// <paramref name="SubmissionId"/> is the draft's id, so a repeated delivery is recognised. <paramref name="Values"/>
/// are the form's values by field path ("owner.name", "dogs[0].breed"); <paramref name="Digest"/> is the SHA-256 of
/// the canonical form data, printed on the receipt. <paramref name="Identification"/> is how the sender was identified
/// in the session that sent it (<see cref="SubmitterIdentification"/>): the clerk sees whether the name is verified.
/// </summary>
public sealed record FormSubmitted(
    Guid SubmissionId,
    string FormCode,
    int FormVersion,
    string FormTitle,
    string Agenda,
    Guid CitizenId,
    string CitizenName,
    string? CitizenEmail,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<SubmittedAttachment> Attachments,
    string Digest,
    DateTimeOffset SubmittedAt,
    string? Identification = null);

/// <summary>How the sender of a submission was identified, as the filing office records and shows it.</summary>
public static class SubmitterIdentification
{
    /// <summary>A personal account signed in with e-mail and password: the name is the person's own claim.</summary>
    public const string Email = "email";

    /// <summary>Signed in through NIA in this session, at the level it names (<c>nia-low</c>, <c>nia-substantial</c>, <c>nia-high</c>).</summary>
    public static string Nia(string level) => "nia-" + level.ToLowerInvariant();

    /// <summary>Whether the name was verified through NIA (at least substantial, as personal data needs).</summary>
    public static bool IsVerified(string? identification) => identification is "nia-substantial" or "nia-high";
}

/// <summary>
/// A draft has not been touched for long and will be removed on <paramref name="RemovalOn"/> (the town's date) unless
/// its owner opens it.
/// </summary>
public sealed record DraftExpiring(Guid DraftId, Guid CitizenId, string FormTitle, DateOnly RemovalOn, DateTimeOffset At);

/// <summary>
/// Asks Forms to read a sent fee registration form the way its definition maps it (answered in process with a
/// <see cref="FeeRegistrationReading"/>): Fees learns the payer, address and subjects without knowing the form's fields.
/// </summary>
public sealed record ReadFeeRegistration(string FormCode, int FormVersion, IReadOnlyDictionary<string, string> Values);

/// <summary><see cref="Data"/> is null when the form is not a fee registration.</summary>
public sealed record FeeRegistrationReading(FeeRegistrationData? Data);

public sealed record FeeRegistrationData(
    string Fee,
    string PayerName,
    DateOnly? PayerBirthDate,
    string? PayerEmail,
    string Address,
    DateOnly? From,
    bool Property,
    bool Reduced,
    string? Exemption,
    IReadOnlyList<FeeSubjectData> Subjects);

public sealed record FeeSubjectData(string Name, DateOnly? BirthDate, DateOnly? From, string? Exemption);
