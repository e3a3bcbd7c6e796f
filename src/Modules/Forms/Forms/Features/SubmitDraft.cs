using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Portal.Forms.Contracts;
using Portal.Forms.Domain;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;
using Wolverine.Marten;

namespace Portal.Forms.Features;

/// <summary>
/// Sends my draft to the filing office: the whole form is validated, the draft frozen and FormSubmitted published
/// through the outbox in the same transaction. A second submit (a double click, a second tab) changes nothing and
/// answers the same.
/// </summary>
/// <summary>Sends a draft; <paramref name="Level"/> is this session's NIA level (none for a password session).</summary>
public sealed record SubmitDraft(Guid DraftId, Guid UserId, int Revision, LevelOfAssurance Level = LevelOfAssurance.None) : IRequest<Guid>;

public sealed class SubmitDraftSlice(IDocumentSession session, IMartenOutbox outbox, FormCatalog catalog, IStringLocalizer<FormsText> t, TimeProvider clock)
    : IRequestHandler<SubmitDraft, Guid>
{
    public async ValueTask<Guid> Handle(SubmitDraft request, CancellationToken cancellationToken)
    {
        var (draft, form) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        if (draft.IsSubmitted)
        {
            return draft.Id;
        }

        if (draft.Preview is not null)
        {
            throw new ValidationFailedException(string.Empty, t["Toto je náhled formuláře; náhled se neodesílá. Formulář zveřejníte v návrháři."]);
        }

        Drafts.CheckRevision(draft, request.Revision, t);
        var errors = FormValidator.ValidateAll(form, draft.Values);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(FormMessages.Describe(errors, t, form));
        }

        var attachmentIds = draft.AttachmentIds(form).ToList();
        var attachments = attachmentIds.Count == 0
            ? []
            : await session.Query<Attachment>().Where(a => a.DraftId == draft.Id).Select(a => new SubmittedAttachment(a.Id, a.FieldName, a.FileName, a.ContentType, a.Size, a.Sha256)).ToListAsync(cancellationToken);
        var values = FormValidator.KnownValues(form, draft.Values);
        var now = clock.GetUtcNow();
        draft.Values = values;
        draft.Agenda = form.AgendaFor(values, Agendas.All);
        draft.Submit(now);

        // The attachments go where the submission goes: the clerks of that agenda may open them.
        foreach (var attachment in await session.Query<Attachment>().Where(a => a.DraftId == draft.Id).ToListAsync(cancellationToken))
        {
            attachment.Agenda = draft.Agenda;
            attachment.SubmittedAt = now;
            session.Store(attachment);
        }

        // What is sent is what is hashed: the files the form's fields still name.
        var sent = attachments.Where(a => attachmentIds.Contains(a.Id)).ToList();
        outbox.Enroll(session);
        session.Store(draft);
        await outbox.PublishAsync(new FormSubmitted(
            draft.Id,
            form.Code,
            form.Version,
            form.Title.Cs,
            draft.Agenda,
            draft.OwnerId,
            draft.OwnerName,
            draft.OwnerEmail,
            values,
            sent,
            Digest(form, values, sent),
            now,
            request.Level == LevelOfAssurance.None ? SubmitterIdentification.Email : SubmitterIdentification.Nia(request.Level.ToString())));

        // Marten's optimistic concurrency on drafts: of two submits racing, one commits and the other fails whole.
        await session.SaveChangesAsync(cancellationToken);
        return draft.Id;
    }

    /// <summary>The SHA-256 the receipt prints: over the canonical form of the content (<see cref="SubmissionContent"/>).</summary>
    public static string Digest(FormDefinition form, IReadOnlyDictionary<string, string> values, IEnumerable<SubmittedAttachment> attachments) =>
        SubmissionContent.Digest(SubmissionContent.Canonical(form.Code, form.Version, values, attachments));
}
