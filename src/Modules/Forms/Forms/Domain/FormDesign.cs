namespace Portal.Forms.Domain;

/// <summary>
/// A form as its managers work on it (a Marten document keyed by the form's code): the version being edited (never
/// seen by citizens), the newest published version, and whether the form is withdrawn. Published versions are
/// <see cref="Infrastructure.StoredFormDefinition"/> documents that never change.
/// </summary>
public sealed class FormDesign
{
    public string Id { get; set; } = string.Empty;

    /// <summary>The version being edited (its number is the next to publish); null when nothing is being changed.</summary>
    public FormDefinition? Draft { get; set; }

    public int PublishedVersion { get; set; }
    public bool Withdrawn { get; set; }

    /// <summary>False while the form is only what the portal shipped: a release may then still bring a corrected seed of it.</summary>
    public bool ChangedByTown { get; set; }

    /// <summary>Grows with every change: a page posts the revision it showed, so two managers never overwrite each other.</summary>
    public int Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = string.Empty;

    public string Title => (Draft?.Title ?? LastTitle)?.Cs ?? Id;

    /// <summary>The title of the newest published version (for the list when no draft exists).</summary>
    public LocalText? LastTitle { get; set; }

    /// <summary>A change by a person: the next revision, who and when (the town's form from now on).</summary>
    public void Touch(DateTimeOffset now, string by)
    {
        ChangedByTown = true;
        Revision++;
        UpdatedAt = now;
        UpdatedBy = by;
    }
}

/// <summary>One change of a form, who made it and when (the designer's history; never changed or removed).</summary>
public sealed class FormChange
{
    public Guid Id { get; set; }
    public string Code { get; set; } = string.Empty;
    public int Version { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ById { get; set; }
    public string ByName { get; set; } = string.Empty;
    public FormChangeKind Kind { get; set; }
    public List<LocalText> Details { get; set; } = [];
}

public enum FormChangeKind
{
    Created,
    Edited,
    Imported,
    Published,
    Withdrawn,
    Restored,
    DraftDiscarded,
    Seeded,
}
