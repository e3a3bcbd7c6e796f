using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using Xunit;
using ZXing;

namespace Portal.Testing;

/// <summary>A PDF read back as a reader would: its text, its fonts, its PDF/A identification and any QR code in it.</summary>
public sealed record PdfReport(string Text, IReadOnlyList<string> PageTexts, IReadOnlyList<string> Fonts, bool AllFontsEmbedded, string? PdfAPart, string? PdfAConformance, bool Tagged, IReadOnlyList<string> QrCodes, string? Title);

public static class Pdfs
{
    public static PdfReport Read(byte[] pdf)
    {
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var texts = pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        var fonts = pages.SelectMany(p => p.Letters.Select(l => l.FontName ?? string.Empty)).Distinct().ToList();

        // Every font program is in the file: each /FontDescriptor names a /FontFile, /FontFile2 or /FontFile3.
        var raw = Encoding.Latin1.GetString(pdf);
        var descriptors = CountOf(raw, "/Type /FontDescriptor") + CountOf(raw, "/Type/FontDescriptor");
        var files = CountOf(raw, "/FontFile2") + CountOf(raw, "/FontFile3") + CountOf(raw, "/FontFile ");
        string? xmp = document.TryGetXmpMetadata(out var metadata) ? Encoding.UTF8.GetString(metadata.GetXmlBytes().ToArray()) : null;
        string? Tag(string name) => xmp is null ? null : System.Text.RegularExpressions.Regex.Match(xmp, $"<pdfaid:{name}>([^<]*)</pdfaid:{name}>") is { Success: true } m ? m.Groups[1].Value : null;

        var codes = new List<string>();
        foreach (var image in pages.SelectMany(p => p.GetImages()))
        {
            if (Decode(image) is { } code)
            {
                codes.Add(code);
            }
        }

        return new PdfReport(string.Join("\n", texts), texts, fonts, descriptors > 0 && files >= descriptors, Tag("part"), Tag("conformance"),
            raw.Contains("/StructTreeRoot", StringComparison.Ordinal) && raw.Contains("/MarkInfo", StringComparison.Ordinal), codes, document.Information.Title);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The image's pixels as PdfPig decodes them (grey or RGB, 8 bits), scanned with ZXing.</summary>
    private static string? Decode(IPdfImage image)
    {
        if (!image.TryGetBytesAsMemory(out var memory))
        {
            return null;
        }

        var bytes = memory.ToArray();
        var (w, h) = (image.WidthInSamples, image.HeightInSamples);
        var components = bytes.Length / Math.Max(1, w * h);
        byte[] gray;
        if (image.BitsPerComponent == 1)
        {
            // One bit per pixel, rows padded to whole bytes.
            var stride = (w + 7) / 8;
            gray = new byte[w * h];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    gray[(y * w) + x] = (bytes[(y * stride) + (x / 8)] & (0x80 >> (x % 8))) != 0 ? (byte)255 : (byte)0;
                }
            }
        }
        else if (components >= 3)
        {
            gray = new byte[w * h];
            for (var i = 0; i < w * h; i++)
            {
                gray[i] = bytes[i * components];
            }
        }
        else
        {
            gray = bytes;
        }

        var reader = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(new RGBLuminanceSource(gray, w, h, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
