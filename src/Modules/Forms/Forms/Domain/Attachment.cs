using System.Security.Cryptography;
using Portal.Shared.Files;

namespace Portal.Forms.Domain;

/// <summary>A file a citizen attached to a draft, stored in PostgreSQL with the type its content shows.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public Guid DraftId { get; set; }
    public string Agenda { get; set; } = string.Empty;
    public string FieldName { get; set; } = string.Empty;
    public string FileName { get; set; } = string.Empty;
    public string ContentType { get; set; } = string.Empty;
    public long Size { get; set; }
    public string Sha256 { get; set; } = string.Empty;
    public byte[] Content { get; set; } = [];
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>When the draft it belongs to was sent: until then nobody but its owner may see it.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    public static Attachment Create(Draft draft, string field, string fileName, string contentType, byte[] content, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = draft.OwnerId,
        DraftId = draft.Id,
        Agenda = draft.Agenda,
        FieldName = field,
        FileName = FileSniffer.SafeName(fileName),
        ContentType = contentType,
        Size = content.Length,
        Sha256 = Convert.ToHexString(SHA256.HashData(content)),
        Content = content,
        UploadedAt = now,
    };
}
