using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using PdfSharp.UniversalAccessibility.Drawing;

namespace Portal.Shared.Documents;

/// <summary>
/// A document a citizen or a clerk keeps (a receipt, a payment instruction, a decision), written as PDF/A-2b with
/// PDFsharp: DejaVu Sans embedded (Czech glyphs, with Unicode maps so the text can be copied and searched), a
/// structure tree (headings, paragraphs, figures with their alternative text; the running header and footer as
/// artifacts) for screen readers, the town's name at the top of every page and a footer naming the document and the
/// page. The same content gives the same bytes: the dates and the file identifiers follow from the content, not the clock.
/// </summary>
public sealed class PdfDocumentBuilder
{
    private const double Margin = 56.7; // 20 mm
    private const double FooterSpace = 36;
    private static readonly XFont Body = Font(10.5);
    private static readonly XFont Bold = Font(10.5, bold: true);
    private static readonly XFont Small = Font(8.5);
    private static readonly XFont Title = Font(17, bold: true);
    private static readonly XFont Heading = Font(12.5, bold: true);

    private readonly List<Action<Layout>> blocks = [];
    private readonly string town;
    private readonly string documentName;
    private readonly string language;
    private readonly DateTimeOffset createdAt;
    private readonly Func<int, int, string> footer;

    /// <param name="town">The town's name, at the top of every page.</param>
    /// <param name="documentName">The document's name: its title, in the metadata and in every footer.</param>
    /// <param name="language">"cs" or "en" (the document's language for screen readers).</param>
    /// <param name="createdAt">The instant the content is about (delivery, payment, decision): the document's date.</param>
    /// <param name="footer">The footer's page text from (page, pages), e.g. "strana 1 z 2".</param>
    public PdfDocumentBuilder(string town, string documentName, string language, DateTimeOffset createdAt, Func<int, int, string> footer)
    {
        this.town = town;
        this.documentName = documentName;
        this.language = language;
        this.createdAt = createdAt;
        this.footer = footer;
    }

    public PdfDocumentBuilder Heading2(string text)
    {
        blocks.Add(l => l.Text(text, Heading, PdfBlockLevelElementTag.Heading2, spaceBefore: 10, spaceAfter: 4));
        return this;
    }

    public PdfDocumentBuilder Paragraph(string text)
    {
        blocks.Add(l => l.Text(text, Body, PdfBlockLevelElementTag.Paragraph, spaceBefore: 0, spaceAfter: 6));
        return this;
    }

    /// <summary>Label and value pairs, the label bold above or beside its value (a long value wraps under itself).</summary>
    public PdfDocumentBuilder Fields(IEnumerable<(string Label, string Value)> fields)
    {
        var list = fields.ToList();
        blocks.Add(l => l.Fields(list));
        return this;
    }

    /// <summary>An image (PNG or JPEG) of the given width in millimetres, with the text a screen reader says for it.</summary>
    public PdfDocumentBuilder Image(byte[] image, double widthMm, string alternativeText)
    {
        blocks.Add(l => l.Image(image, widthMm * 72 / 25.4, alternativeText));
        return this;
    }

    public byte[] Build()
    {
        FontResolver.EnsureRegistered();
        using var document = new PdfDocument();
        document.SetPdfA();
        document.Info.Title = documentName;
        document.Info.Author = town;
        document.Info.Creator = "Portál občana";
        document.Info.Subject = documentName;
        document.Info.CreationDate = createdAt.UtcDateTime;
        document.Info.ModificationDate = createdAt.UtcDateTime;
        document.Options.CompressContentStreams = true;
        var ua = UAManager.ForDocument(document);
        ua.SetDocumentLanguage(language);

        var layout = new Layout(document, ua, town);
        ua.StructureBuilder.BeginElement(PdfGroupingElementTag.Document);
        layout.Text(documentName, Title, PdfBlockLevelElementTag.Heading1, spaceBefore: 0, spaceAfter: 10);
        foreach (var block in blocks)
        {
            block(layout);
        }

        ua.StructureBuilder.End();
        layout.Finish(footer, documentName);

        // The file identifiers follow from the content (the same document, the same bytes).
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', town, documentName, createdAt.ToString("O", CultureInfo.InvariantCulture), blocks.Count))))[..32];
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return PdfA.DeclarePart2(PdfA.StableIdentifiers(stream.ToArray(), id));
    }

    private static XFont Font(double size, bool bold = false) => new(FontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    /// <summary>Where the next line goes; a new page when the page is full.</summary>
    private sealed class Layout(PdfDocument document, UAManager ua, string town)
    {
        private readonly List<(PdfPage Page, XGraphics Graphics)> pages = [];
        private XGraphics gfx = default!;
        private double y;

        private double Width => pages[^1].Page.Width.Point - 2 * Margin;

        private double Bottom => pages[^1].Page.Height.Point - Margin - FooterSpace;

        private void NewPage()
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            pages.Add((page, gfx));
            ua.StructureBuilder.BeginArtifact();
            gfx.DrawString(town, Small, XBrushes.DimGray, Margin, Margin - 20, XStringFormats.TopLeft);
            gfx.DrawLine(new XPen(XColors.DimGray, 0.5), Margin, Margin - 6, page.Width.Point - Margin, Margin - 6);
            ua.StructureBuilder.End();
            y = Margin;
        }

        private void Room(double height)
        {
            if (pages.Count == 0 || y + height > Bottom)
            {
                NewPage();
            }
        }

        public void Text(string text, XFont font, PdfBlockLevelElementTag tag, double spaceBefore, double spaceAfter)
        {
            var lines = Wrap(text, font, pages.Count == 0 ? PdfSharp.PageSizeConverter.ToSize(PdfSharp.PageSize.A4).Width - 2 * Margin : Width);
            var height = font.GetHeight();
            Room(spaceBefore + height);
            y += spaceBefore;
            ua.StructureBuilder.BeginElement(tag);
            foreach (var line in lines)
            {
                if (y + height > Bottom)
                {
                    NewPage();
                }

                gfx.DrawString(line, font, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
                y += height;
            }

            ua.StructureBuilder.End();
            y += spaceAfter;
        }

        public void Fields(IReadOnlyList<(string Label, string Value)> fields)
        {
            var labelWidth = 170.0;
            foreach (var (label, value) in fields)
            {
                var width = pages.Count == 0 ? PdfSharp.PageSizeConverter.ToSize(PdfSharp.PageSize.A4).Width - 2 * Margin : Width;
                var labels = Wrap(label, Bold, labelWidth - 8);
                var values = Wrap(string.IsNullOrEmpty(value) ? "–" : value, Body, width - labelWidth);
                var height = Body.GetHeight();
                Room(height * Math.Max(labels.Count, Math.Min(values.Count, 3)) + 3);

                // Read as "label: value", one paragraph per pair.
                ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.Paragraph);
                var top = y;
                foreach (var line in labels)
                {
                    gfx.DrawString(line, Bold, XBrushes.Black, Margin, y, XStringFormats.TopLeft);
                    y += height;
                }

                var labelBottom = y;
                y = top;
                foreach (var line in values)
                {
                    if (y + height > Bottom)
                    {
                        NewPage();
                        labelBottom = y;
                    }

                    gfx.DrawString(line, Body, XBrushes.Black, Margin + labelWidth, y, XStringFormats.TopLeft);
                    y += height;
                }

                ua.StructureBuilder.End();
                y = Math.Max(y, labelBottom) + 3;
            }

            y += 4;
        }

        public void Image(byte[] bytes, double width, string alternativeText)
        {
            using var image = XImage.FromStream(new MemoryStream(bytes));
            Room(width + 8);
            var rect = new XRect(Margin, y + 4, width, width * image.PixelHeight / image.PixelWidth);
            gfx.DrawImage(image, rect, alternativeText);
            y = rect.Bottom + 8;
        }

        public void Finish(Func<int, int, string> footer, string name)
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var (page, g) = pages[i];
                ua.StructureBuilder.BeginArtifact();
                var bottom = page.Height.Point - Margin;
                g.DrawLine(new XPen(XColors.DimGray, 0.5), Margin, bottom - 4, page.Width.Point - Margin, bottom - 4);
                g.DrawString(name, Small, XBrushes.DimGray, Margin, bottom, XStringFormats.TopLeft);
                g.DrawString(footer(i + 1, pages.Count), Small, XBrushes.DimGray, page.Width.Point - Margin, bottom, XStringFormats.TopRight);
                ua.StructureBuilder.End();
                g.Dispose();
            }
        }

        private static List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            using var measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
            foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = new StringBuilder();
                foreach (var word in paragraph.Split(' '))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && measure.MeasureString(candidate, font).Width > width)
                    {
                        lines.Add(line.ToString());
                        line.Clear().Append(word);
                    }
                    else
                    {
                        line.Clear().Append(candidate);
                    }

                    // A word longer than the line (a digest, a long address) is cut where it must be.
                    while (measure.MeasureString(line.ToString(), font).Width > width && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && measure.MeasureString(line.ToString(0, cut), font).Width > width)
                        {
                            cut--;
                        }

                        lines.Add(line.ToString(0, cut));
                        line.Remove(0, cut);
                    }
                }

                lines.Add(line.ToString());
            }

            return lines;
        }
    }

    /// <summary>DejaVu Sans from the assembly's resources, for every font the documents ask for.</summary>
    private sealed class FontResolver : IFontResolver
    {
        public const string Family = "DejaVu Sans";
        private static readonly Lock Gate = new();

        public static void EnsureRegistered()
        {
            lock (Gate)
            {
                if (GlobalFontSettings.FontResolver is not FontResolver)
                {
                    GlobalFontSettings.FontResolver = new FontResolver();
                }
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new(isBold ? "DejaVuSans-Bold" : "DejaVuSans");

        public byte[]? GetFont(string faceName)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Portal.Fonts.{faceName}.ttf")
                ?? throw new InvalidOperationException("Font missing: " + faceName);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}

/// <summary>PDF/A identification: PDFsharp writes the PDF/A-1a identification; the documents claim PDF/A-2b.</summary>
public static class PdfA
{
    private static readonly byte[] Part1 = Encoding.ASCII.GetBytes("<pdfaid:part>1</pdfaid:part>");
    private static readonly byte[] Part2 = Encoding.ASCII.GetBytes("<pdfaid:part>2</pdfaid:part>");
    private static readonly byte[] LevelA = Encoding.ASCII.GetBytes("<pdfaid:conformance>A</pdfaid:conformance>");
    private static readonly byte[] LevelB = Encoding.ASCII.GetBytes("<pdfaid:conformance>B</pdfaid:conformance>");

    /// <summary>
    /// Rewrites the identification in the (uncompressed) XMP packet in place, byte for byte the same length, so every
    /// cross-reference offset stays right.
    /// </summary>
    public static byte[] DeclarePart2(byte[] pdf)
    {
        Replace(pdf, Part1, Part2);
        Replace(pdf, LevelA, LevelB);
        return pdf;
    }

    /// <summary>
    /// PDFsharp marks the XMP packet with random uuids and names each embedded font subset with six random capitals ("XSFAGB+DejaVuSans"); they are replaced,
    /// byte for byte, by tags that follow from the order the fonts appear in, so the same content gives the same file.
    /// </summary>
    public static byte[] StableIdentifiers(byte[] pdf, string documentId)
    {
        var text = Encoding.Latin1.GetString(pdf);

        // The XMP packet's document and instance ids (random uuids) become the document's own id.
        var uuid = new Guid(Convert.FromHexString(documentId[..32])).ToString("D");
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "uuid:([0-9a-fA-F-]{36})"))
        {
            Encoding.ASCII.GetBytes(uuid).CopyTo(pdf, m.Groups[1].Index);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"/([A-Z]{6})\+"))
        {
            var tag = m.Groups[1].Value;
            if (!tags.TryGetValue(tag, out var stable))
            {
                var n = tags.Count;
                stable = "PORTA" + (char)('A' + (n % 26));
                tags[tag] = stable;
            }

            Encoding.ASCII.GetBytes(stable).CopyTo(pdf, m.Groups[1].Index);
        }

        return pdf;
    }

    private static void Replace(byte[] pdf, byte[] from, byte[] to)
    {
        var at = pdf.AsSpan().IndexOf(from);
        if (at < 0)
        {
            throw new InvalidOperationException("The PDF/A identification was not found in the document's metadata.");
        }

        to.CopyTo(pdf.AsSpan(at));
    }
}
