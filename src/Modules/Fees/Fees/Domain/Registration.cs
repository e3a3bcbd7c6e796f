namespace Portal.Fees.Domain;

/// <summary>
/// A payer's registration for one fee (přihláška, ohlášení): from the approved form or entered by a clerk. The
/// payer may pay for others (the household members of a waste-fee payer), listed as subjects; a dog registration
/// lists the dogs. <see cref="Number"/> is unique per fee and becomes the tail of the variable symbol.
/// </summary>
public sealed class Registration
{
    public Guid Id { get; set; }
    public long Number { get; set; }
    public string FeeCode { get; set; } = string.Empty;

    /// <summary>The payer's portal account, when known (the citizen who sent the form).</summary>
    public Guid? CitizenId { get; set; }

    public string PayerName { get; set; } = string.Empty;
    public DateOnly? PayerBirthDate { get; set; }
    public string? PayerEmail { get; set; }
    public string Address { get; set; } = string.Empty;

    /// <summary>Waste: a property without registered residents rather than persons.</summary>
    public bool Property { get; set; }

    /// <summary>Dog: the payer claims the reduced (pensioner) rate.</summary>
    public bool Reduced { get; set; }

    /// <summary>A whole-registration exemption (e.g. ZTP/P holder); assessed at zero, explained.</summary>
    public string? Exemption { get; set; }

    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public List<FeeSubject> Subjects { get; set; } = [];

    public Guid? SourceSubmissionId { get; set; }

    /// <summary>
    /// A fee form only partly granted: the decision's words, while the fees clerk has not yet checked the registration
    /// against it. Nothing is assessed for it (neither at once nor in the yearly run) until the clerk confirms.
    /// </summary>
    public string? Review { get; set; }
    public string? SourceReference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;

    public bool IsActiveIn(int year) => From.Year <= year && (To is null || To.Value.Year >= year);
}

/// <summary>What the fee is paid for: a dog, a person or a property, with its own dates.</summary>
public sealed class FeeSubject
{
    public string Name { get; set; } = string.Empty;
    public DateOnly? BirthDate { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>"dite" (child under the set age), "zarizeni" (social care facility), "utulek" (dog from a shelter), or null.</summary>
    public string? Exemption { get; set; }
}

/// <summary>The next registration number per fee (optimistic concurrency keeps them unique).</summary>
public sealed class RegistrationCounter
{
    public string Id { get; set; } = string.Empty;
    public long Last { get; set; }
}
