using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Shared.Web;

/// <summary>
/// One accessible form field: label, hint, input and its error message, tied together with aria-describedby and
/// aria-invalid, so a screen reader announces the error with the field. Passwords are never echoed back.
/// <code>&lt;portal-field for="Input.Email" label="E-mail" type="email" autocomplete="email" /&gt;</code>
/// </summary>
[HtmlTargetElement("portal-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    /// <summary>Czech letters stay letters in the HTML (only markup characters are escaped).</summary>
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = default!;

    public string Label { get; set; } = string.Empty;
    public string? Hint { get; set; }
    public string Type { get; set; } = "text";
    public string? Autocomplete { get; set; }
    public bool Required { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var enc = Encoder;
        var describedBy = new List<string>();
        if (Hint is not null)
        {
            describedBy.Add(id + "-hint");
        }

        if (errors.Count > 0)
        {
            describedBy.Add(id + "-error");
        }

        var value = Type == "password" ? string.Empty : For.Model?.ToString() ?? string.Empty;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field");
        var html = $"<label for=\"{id}\">{enc.Encode(Label)}</label>";
        if (Hint is not null)
        {
            html += $"<span class=\"hint\" id=\"{id}-hint\">{enc.Encode(Hint)}</span>";
        }

        if (errors.Count > 0)
        {
            html += $"<span class=\"field-error\" id=\"{id}-error\">{enc.Encode(string.Join(" ", errors))}</span>";
        }

        html += $"<input type=\"{enc.Encode(Type)}\" id=\"{id}\" name=\"{enc.Encode(name)}\" value=\"{enc.Encode(value)}\""
            + (Autocomplete is null ? string.Empty : $" autocomplete=\"{enc.Encode(Autocomplete)}\"")
            + (Required ? " required" : string.Empty)
            + (describedBy.Count > 0 ? $" aria-describedby=\"{string.Join(' ', describedBy)}\"" : string.Empty)
            + (errors.Count > 0 ? " aria-invalid=\"true\"" : string.Empty)
            + " />";
        output.Content.SetHtmlContent(html);
    }
}

/// <summary>A summary of a form's errors at its top, each a link to its field (GOV.UK pattern).</summary>
[HtmlTargetElement("portal-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    public string Title { get; set; } = string.Empty;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = ViewContext.ViewData.ModelState;
        if (state.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        var enc = FieldTagHelper.Encoder;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");

        // After a failed submit the summary takes the focus (site.js), so the keyboard and a screen reader start there.
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("data-focus-on-load", string.Empty);
        var items = state.Where(e => e.Value?.Errors.Count > 0)
            .SelectMany(e => e.Value!.Errors.Select(error => string.IsNullOrEmpty(e.Key)
                ? $"<li>{enc.Encode(error.ErrorMessage)}</li>"
                : $"<li><a href=\"#{TagBuilder.CreateSanitizedId(e.Key, "_")}\">{enc.Encode(error.ErrorMessage)}</a></li>"));
        output.Content.SetHtmlContent($"<h2>{enc.Encode(Title)}</h2><ul>{string.Concat(items)}</ul>");
    }
}
