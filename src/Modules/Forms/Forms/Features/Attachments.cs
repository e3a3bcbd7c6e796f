using Marten;
using Mediator;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Forms.Domain;
using Portal.Shared.Files;
using Portal.Identity.Contracts;
using Portal.Shared.Validation;

namespace Portal.Forms.Features;

/// <summary>Adds a file to an attachment field of my draft: size and kind checked on the content, not the name.</summary>
public sealed record UploadAttachment(Guid DraftId, Guid UserId, int Revision, string Field, string FileName, Stream Content, long Length) : IRequest<Guid>;

public sealed class UploadAttachmentSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, IOptions<FormsOptions> options, TimeProvider clock)
    : IRequestHandler<UploadAttachment, Guid>
{
    public async ValueTask<Guid> Handle(UploadAttachment request, CancellationToken cancellationToken)
    {
        var (draft, form) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        Drafts.CheckRevision(draft, request.Revision, t);
        var field = form.Steps.SelectMany(s => s.Fields).FirstOrDefault(f => f.Kind == FieldKind.Attachment && f.Name == request.Field)
            ?? throw new ValidationFailedException(request.Field, t["Tento formulář takovou přílohu nemá."]);
        var max = field.MaxSizeMb is { } mb ? Math.Min(options.Value.MaxAttachmentBytes, mb * 1024L * 1024) : options.Value.MaxAttachmentBytes;
        if (request.Length <= 0)
        {
            throw new ValidationFailedException(field.Name, t["Vyberte soubor."]);
        }

        if (request.Length > max)
        {
            throw new ValidationFailedException(field.Name, string.Format(t["Soubor je příliš velký; nejvýše {0} MB."], max / 1024 / 1024));
        }

        if (draft.AttachmentIds(form).Count() >= options.Value.MaxAttachmentsPerDraft)
        {
            throw new ValidationFailedException(field.Name, string.Format(t["Formulář může mít nejvýše {0} příloh."], options.Value.MaxAttachmentsPerDraft));
        }

        var stored = await session.Query<Attachment>().Where(a => a.OwnerId == request.UserId && a.SubmittedAt == null).SumAsync(a => a.Size, cancellationToken);
        if (stored + request.Length > options.Value.MaxDraftBytesPerCitizen)
        {
            throw new ValidationFailedException(field.Name, string.Format(t["Přílohy vašich rozpracovaných formulářů už zabírají {0} MB z {1} MB. Odeberte některé, nebo formuláře odešlete."], stored / 1024 / 1024, options.Value.MaxDraftBytesPerCitizen / 1024 / 1024));
        }

        using var buffer = new MemoryStream();
        await request.Content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var type = FileSniffer.Check(bytes, request.FileName)
            ?? throw new ValidationFailedException(field.Name, t["Tento druh souboru nepřijímáme, nebo jeho obsah neodpovídá příponě. Pošlete PDF, obrázek (JPG, PNG) nebo dokument (DOCX, ODT, XLSX)."]);

        // The form's own list of types, on top of what the portal takes at all (the content was checked against the name).
        var extension = Path.GetExtension(request.FileName).TrimStart('.').ToLowerInvariant();
        if (field.Accept.Count > 0 && !field.Accept.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            throw new ValidationFailedException(field.Name, string.Format(t["Tato příloha přijímá jen soubory typu {0}."], string.Join(", ", field.Accept.Select(a => a.ToUpperInvariant()))));
        }

        var now = clock.GetUtcNow();
        var attachment = Attachment.Create(draft, field.Name, request.FileName, type, bytes, now);
        draft.AddAttachment(field.Name, attachment.Id, now);
        session.Insert(attachment);
        session.Store(draft);
        await session.SaveChangesAsync(cancellationToken);
        return attachment.Id;
    }
}

/// <summary>Removes an attachment from my open draft.</summary>
public sealed record RemoveAttachment(Guid DraftId, Guid UserId, int Revision, Guid AttachmentId) : IRequest;

public sealed class RemoveAttachmentSlice(IDocumentSession session, FormCatalog catalog, IStringLocalizer<FormsText> t, TimeProvider clock) : IRequestHandler<RemoveAttachment>
{
    public async ValueTask<Unit> Handle(RemoveAttachment request, CancellationToken cancellationToken)
    {
        var (draft, _) = await Drafts.LoadOwnAsync(session, catalog, request.DraftId, request.UserId, cancellationToken);
        Drafts.CheckRevision(draft, request.Revision, t);
        var attachment = await session.LoadAsync<Attachment>(request.AttachmentId, cancellationToken);
        if (attachment is null || attachment.DraftId != draft.Id)
        {
            throw new NotFoundException("No such attachment.");
        }

        draft.RemoveAttachment(attachment.FieldName, attachment.Id, clock.GetUtcNow());
        session.Delete(attachment);
        session.Store(draft);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// An attachment for its owner, or for a clerk of the agenda its form belongs to. Anyone else gets "not found".
/// </summary>
public sealed record DownloadAttachment(Guid AttachmentId, CurrentUser User) : IRequest<AttachmentFile>;

public sealed class DownloadAttachmentSlice(IQuerySession session) : IRequestHandler<DownloadAttachment, AttachmentFile>
{
    public async ValueTask<AttachmentFile> Handle(DownloadAttachment request, CancellationToken cancellationToken)
    {
        var attachment = await session.LoadAsync<Attachment>(request.AttachmentId, cancellationToken);
        // A draft's files are the owner's alone until the draft is sent; then the clerks of its agenda may open them.
        if (attachment is null || (attachment.OwnerId != request.User.Id && !(attachment.SubmittedAt is not null && request.User.IsClerkOf(attachment.Agenda))))
        {
            throw new NotFoundException("No such attachment.");
        }

        return new AttachmentFile(attachment.FileName, attachment.ContentType, attachment.Content);
    }
}

public sealed record AttachmentInfo(Guid Id, string FieldName, string FileName, string ContentType, long Size);

/// <summary>The attachments of my draft (without their bytes).</summary>
public sealed record ListDraftAttachments(Guid DraftId, Guid UserId) : IRequest<IReadOnlyList<AttachmentInfo>>;

public sealed class ListDraftAttachmentsSlice(IQuerySession session) : IRequestHandler<ListDraftAttachments, IReadOnlyList<AttachmentInfo>>
{
    public async ValueTask<IReadOnlyList<AttachmentInfo>> Handle(ListDraftAttachments request, CancellationToken cancellationToken) =>
        await session.Query<Attachment>()
            .Where(a => a.DraftId == request.DraftId && a.OwnerId == request.UserId)
            .OrderBy(a => a.UploadedAt)
            .Select(a => new AttachmentInfo(a.Id, a.FieldName, a.FileName, a.ContentType, a.Size))
            .ToListAsync(cancellationToken);
}
