using QRCoder;

namespace Portal.Payments.Domain;

/// <summary>
/// The QR Platba image of a SPAYD string: error correction level M and a quiet zone of 4 modules, as the ČBA
/// graphic manual asks; the page labels it "QR platba" (the SVG also carries it as its accessible name).
/// </summary>
public static class QrPlatba
{
    public static byte[] Png(string spayd, int pixelsPerModule = 6)
    {
        using var data = Encode(spayd);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    /// <summary>A 24-bit BMP (what PDFsharp imports without loss, for the PDF payment instruction).</summary>
    public static byte[] Bitmap(string spayd, int pixelsPerModule = 8)
    {
        using var data = Encode(spayd);
        return new BitmapByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string spayd)
    {
        using var data = Encode(spayd);
        var svg = new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg.Replace("<svg ", "<svg role=\"img\" aria-label=\"QR platba\" ", StringComparison.Ordinal);
    }

    private static QRCodeData Encode(string spayd)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(spayd, QRCodeGenerator.ECCLevel.M, forceUtf8: false);
    }
}
