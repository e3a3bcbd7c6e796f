namespace Portal.Shared.Files;

/// <summary>
/// Tells a file's type from its first bytes, not from its name: PDF, PNG, JPEG, GIF, WebP, TIFF, Office Open XML /
/// OpenDocument (zip) and legacy Office (OLE). Anything else is refused, as is a name whose extension disagrees.
/// </summary>
public static class FileSniffer
{
    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg"],
        ["image/gif"] = [".gif"],
        ["image/webp"] = [".webp"],
        ["image/tiff"] = [".tif", ".tiff"],
        ["application/zip-office"] = [".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"],
        ["application/x-ole-storage"] = [".doc", ".xls", ".ppt"],
    };

    /// <summary>Every extension the portal takes, without the dot ("pdf", "jpg").</summary>
    public static IReadOnlyList<string> KnownExtensions { get; } = Extensions.Values.SelectMany(e => e).Select(e => e.TrimStart('.')).ToList();

    private static readonly Dictionary<string, string> OfficeTypes = new(StringComparer.Ordinal)
    {
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".odp"] = "application/vnd.oasis.opendocument.presentation",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".ppt"] = "application/vnd.ms-powerpoint",
    };

    /// <summary>The content type to store, or null when the content is not an accepted kind or disagrees with the name.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        var kind = head switch
        {
            [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
            [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
            [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "image/tiff",
            [0x50, 0x4B, 0x03, 0x04, ..] => "application/zip-office",
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => "application/x-ole-storage",
            _ => null,
        };
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (kind is null || !Extensions[kind].Contains(extension))
        {
            return null;
        }

        return OfficeTypes.TryGetValue(extension, out var office) ? office : kind;
    }

    /// <summary>
    /// Only the name, never a path; control characters and invisible format characters out (a right-to-left override
    /// makes <c>faktura\u202Egpj.pdf</c> look like <c>fakturafdp.jpg</c>); at most 120 characters.
    /// </summary>
    public static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Normalize(System.Text.NormalizationForm.FormC).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"' && !char.IsSurrogate(c)
            && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        return name.Length == 0 ? "priloha" : name.Length > 120 ? name[^120..] : name;
    }

    /// <summary>Uncompressed size an office document may expand to, and the ratio one entry may be compressed by.</summary>
    public const long MaxExpandedBytes = 100L * 1024 * 1024;
    public const int MaxCompressionRatio = 200;
    public const int MaxEntries = 5000;

    private static readonly string[] ExecutableEntries =
        [".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".hta", ".jar", ".sh", ".lnk", ".bin"];

    private static readonly string[] HtmlMarkers = ["<!doctype", "<html", "<head", "<body", "<script", "<iframe", "<svg", "<meta"];

    /// <summary>
    /// The whole check of an upload: its kind from its first bytes (<see cref="Sniff"/>), no HTML a browser could run
    /// in its first kilobyte (a PDF that is also a page), and an office document's zip neither a bomb (too large or
    /// too compressed once expanded, too many entries) nor carrying programs or macros. Null: refused.
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> content, string fileName)
    {
        var type = Sniff(content[..Math.Min(content.Length, 16)], fileName);
        if (type is null || LooksLikeHtml(content[..Math.Min(content.Length, 1024)]))
        {
            return null;
        }

        return content is [0x50, 0x4B, 0x03, 0x04, ..] && !IsSafeZip(content.ToArray()) ? null : type;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.Latin1.GetString(head).ToLowerInvariant();
        return HtmlMarkers.Any(m => text.Contains(m, StringComparison.Ordinal));
    }

    private static bool IsSafeZip(byte[] content)
    {
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                return false;
            }

            long total = 0;
            var magic = new byte[4];
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var name = entry.FullName.ToLowerInvariant();
                if (total > MaxExpandedBytes
                    || (entry.Length > 1024 * 1024 && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
                    || ExecutableEntries.Any(e => name.EndsWith(e, StringComparison.Ordinal))
                    || name.Contains("vbaproject", StringComparison.Ordinal))
                {
                    return false;
                }

                if (entry.Length >= 4)
                {
                    using var stream = entry.Open();
                    stream.ReadExactly(magic);
                    if (magic is [0x4D, 0x5A, ..] or [0x7F, 0x45, 0x4C, 0x46])
                    {
                        return false; // a Windows or Linux program under another name
                    }
                }
            }

            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
