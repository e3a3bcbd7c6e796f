using Portal.Forms.Domain;
using Portal.Forms.Features;

namespace Portal.Forms.Pages.Forms;

/// <summary>What the _Field partial needs to draw one field (and, for groups, its items).</summary>
public sealed record FieldModel(
    FormDefinition Form,
    FormField Field,
    string Path,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<AttachmentInfo> Attachments)
{
    /// <summary>An HTML id for a value path ("psi[0].jmeno" → "f-psi-0-jmeno"); error summaries link to it.</summary>
    public string Id(string path) => IdOf(path);

    /// <inheritdoc cref="Id"/>
    public static string IdOf(string path) => "f-" + new string(path.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Replace("--", "-", StringComparison.Ordinal).TrimEnd('-');
}
