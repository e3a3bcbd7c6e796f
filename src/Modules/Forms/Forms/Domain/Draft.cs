namespace Portal.Forms.Domain;

/// <summary>
/// A citizen's form in progress, a Marten document owned by one citizen. <see cref="Revision"/> grows with every
/// save: a page posts the revision it showed, so a second tab's older copy is refused, never silently overwritten.
/// Once submitted it is frozen.
/// </summary>
public sealed class Draft
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public string OwnerName { get; set; } = string.Empty;
    public string? OwnerEmail { get; set; }
    public string FormCode { get; set; } = string.Empty;
    public int FormVersion { get; set; }
    public string Agenda { get; set; } = string.Empty;
    public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);
    public int Step { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? IdleWarningSentAt { get; set; }

    /// <summary>Set when the filing office has registered the submission (from its SubmissionRegistered event).</summary>
    public string? ReferenceNumber { get; set; }

    /// <summary>
    /// Set on a form manager's preview: the definition being designed (not yet published), drawn by the same pages as
    /// a citizen's draft; a preview is never sent, listed or counted.
    /// </summary>
    public FormDefinition? Preview { get; set; }

    public string FormId => FormDefinition.IdOf(FormCode, FormVersion);

    public bool IsSubmitted => SubmittedAt is not null;

    public static Draft Start(FormDefinition form, Guid ownerId, string ownerName, string? ownerEmail, DateTimeOffset now, Portal.Identity.Contracts.PersonPrefill? prefill = null)
    {
        var draft = new Draft
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = ownerId,
            OwnerName = ownerName,
            OwnerEmail = ownerEmail,
            FormCode = form.Code,
            FormVersion = form.Version,
            Agenda = form.Agenda,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };

        draft.Prefill(form, ownerName, ownerEmail, prefill);
        return draft;
    }

    /// <summary>
    /// Person fields start with the signed-in identity's name and e-mail (and the date of birth NIA released); fields
    /// marked for it with the name, e-mail, date of birth or address.
    /// </summary>
    private void Prefill(FormDefinition form, string ownerName, string? ownerEmail, Portal.Identity.Contracts.PersonPrefill? prefill)
    {
        var birth = prefill?.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        void Set(string path, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                Values[path] = value;
            }
        }

        foreach (var field in form.TopFields)
        {
            switch (field.Kind, field.Prefill)
            {
                case (FieldKind.Person, _):
                    Set(field.Name + ".name", ownerName);
                    Set(field.Name + ".email", ownerEmail);
                    Set(field.Name + ".birthDate", birth);
                    break;
                case (_, Domain.Prefill.Name):
                    Set(field.Name, ownerName);
                    break;
                case (_, Domain.Prefill.Email):
                    Set(field.Name, ownerEmail);
                    break;
                case (_, Domain.Prefill.BirthDate):
                    Set(field.Name, birth);
                    break;
                case (FieldKind.Address, Domain.Prefill.Address) when prefill?.Address is { } address:
                    Set(field.Name + ".street", address.Street);
                    Set(field.Name + ".city", address.City);
                    Set(field.Name + ".zip", address.Zip);
                    break;
            }
        }
    }

    /// <summary>
    /// Moves an open draft to a newer version of its form: values of fields that are still there with the same kind
    /// stay, the rest are dropped (the citizen was told which), and the draft continues at the first step.
    /// </summary>
    public void MoveTo(FormDefinition from, FormDefinition to, DateTimeOffset now)
    {
        EnsureOpen();
        static Dictionary<string, FieldKind> Kinds(FormDefinition f) =>
            f.TopFields.SelectMany(x => x.Fields.Select(s => (Key: x.Name + "[]." + s.Name, s.Kind)).Append((Key: x.Name, x.Kind)))
                .ToDictionary(x => x.Key, x => x.Kind, StringComparer.Ordinal);
        var before = Kinds(from);
        var after = Kinds(to);
        string KindKey(string path)
        {
            var top = path.Split('.', '[', '#')[0];
            var bracket = path.IndexOf(']', StringComparison.Ordinal);
            return bracket > 0 && path.Length > bracket + 2 ? top + "[]." + path[(bracket + 2)..].Split('.')[0] : top;
        }

        var kept = Values.Where(v => before.TryGetValue(KindKey(v.Key), out var k) && after.TryGetValue(KindKey(v.Key), out var n) && k == n)
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        Values = FormValidator.KnownValues(to, kept);
        FormVersion = to.Version;
        Agenda = to.Agenda;
        Step = 0;
        Touch(now);
    }

    /// <summary>Takes the values of one step (replacing what that step held) and moves to <paramref name="nextStep"/>.</summary>
    public void Save(FormDefinition form, FormStep step, IReadOnlyDictionary<string, string> stepValues, int nextStep, DateTimeOffset now)
    {
        EnsureOpen();
        foreach (var field in step.Fields)
        {
            foreach (var path in FormValidator.Paths(field, field.Name, Values).Concat(FormValidator.Paths(field, field.Name, stepValues)).Distinct().ToList())
            {
                if (field.Kind == FieldKind.Attachment)
                {
                    continue; // attachments are added and removed by their own slice
                }

                if (stepValues.TryGetValue(path, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    Values[path] = value.Trim();
                }
                else
                {
                    Values.Remove(path);
                }
            }
        }

        Values = FormValidator.KnownValues(form, Values);
        Step = Math.Clamp(nextStep, 0, form.Steps.Count);
        Touch(now);
    }

    public void AddAttachment(string field, Guid attachmentId, DateTimeOffset now)
    {
        EnsureOpen();
        Values[field] = Values.TryGetValue(field, out var existing) && existing.Length > 0 ? existing + "," + attachmentId : attachmentId.ToString();
        Touch(now);
    }

    public void RemoveAttachment(string field, Guid attachmentId, DateTimeOffset now)
    {
        EnsureOpen();
        if (Values.TryGetValue(field, out var existing))
        {
            var rest = existing.Split(',').Where(id => id != attachmentId.ToString()).ToList();
            if (rest.Count == 0)
            {
                Values.Remove(field);
            }
            else
            {
                Values[field] = string.Join(',', rest);
            }
        }

        Touch(now);
    }

    public IEnumerable<Guid> AttachmentIds(FormDefinition form) =>
        form.Steps.SelectMany(s => s.Fields).Where(f => f.Kind == FieldKind.Attachment)
            .SelectMany(f => Values.TryGetValue(f.Name, out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
            .Select(Guid.Parse);

    public void Submit(DateTimeOffset now)
    {
        EnsureOpen();
        SubmittedAt = now;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        IdleWarningSentAt = null;
        Revision++;
    }

    private void EnsureOpen()
    {
        if (IsSubmitted)
        {
            throw new InvalidOperationException("A submitted draft cannot change.");
        }
    }
}
