using CsCheck;
using Portal.Towns.Domain;
using Portal.Towns.Features;

namespace Portal.Towns.Tests;

/// <summary>The pure rules of a town: its id, host names, address, IČO, header colour and emblem.</summary>
public sealed class TownRulesTests
{
    private static readonly Gen<string> Label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 12].Select(c => new string(c));
    private static readonly string[] Separators = [",", ", ", "\n", " ", ";", "\r\n"];
    private static readonly Gen<string> Host = Label.Array[1, 4].Select(l => string.Join('.', l));

    [Theory]
    [InlineData("Město Demo", "mesto-demo")]
    [InlineData("Obec Vzor", "obec-vzor")]
    [InlineData("  Ústí nad Orlicí ", "usti-nad-orlici")]
    [InlineData("Žďár nad Sázavou (ORP)", "zdar-nad-sazavou-orp")]
    public void A_towns_id_is_made_from_its_name_without_diacritics(string name, string id)
    {
        Assert.Equal(id, Town.IdFrom(name));
        Assert.True(Town.IsValidId(id));
    }

    [Fact]
    public void An_id_made_from_any_name_with_two_letters_is_a_valid_id()
    {
        // Any text at all (diacritics, punctuation, other scripts): what remains is a valid id, or too little to be one.
        Gen.String[Gen.Char["aábcčdďeéěfghiíjklmnňoópqrřsštťuúůvwxyýzžAÁBCČŘŠŽ0123456789 -_.,()/&'„“"], 0, 80]
            .Where(n => Town.IdFrom(n) is { Length: >= 2 } id && id != Portal.Shared.Towns.TownContext.PlatformId)
            .Sample(name => Town.IsValidId(Town.IdFrom(name)));
    }

    [Theory]
    [InlineData("platform")]
    [InlineData("-obec")]
    [InlineData("obec-")]
    [InlineData("Obec")]
    [InlineData("o")]
    [InlineData("obec_vzor")]
    public void Ids_that_are_not_a_towns_are_refused(string id) => Assert.False(Town.IsValidId(id));

    [Fact]
    public void A_host_name_is_normalised_once_and_for_all_whatever_its_case_port_and_final_dot()
    {
        Gen.Select(Host, Gen.Int[1, 65535], Gen.Bool, Gen.Bool).Sample((host, port, upper, dot) =>
        {
            var typed = (upper ? host.ToUpperInvariant() : host) + (dot ? "." : string.Empty) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var normal = Town.NormalizeHost(typed);
            return normal == host && Town.NormalizeHost(normal) == normal && TownRules.IsValidHost(normal);
        });
    }

    [Fact]
    public void Host_names_typed_with_any_separators_are_read_once_each()
    {
        Gen.Select(Host.Array[1, 5], Gen.Int[0, Separators.Length - 1].Select(i => Separators[i])).Sample((hosts, separator) =>
        {
            var parsed = TownRules.ParseHosts(string.Join(separator, hosts.Concat(hosts.Select(h => h.ToUpperInvariant()))));
            return parsed.SequenceEqual(hosts.Distinct());
        });
    }

    [Theory]
    [InlineData("obec-vzor.localhost", "http://platforma.localhost:5080", "http://obec-vzor.localhost:5080")]
    [InlineData("obcan.obec-vzor.cz", "https://provoz.portal-kraje.cz", "https://obcan.obec-vzor.cz")]
    [InlineData("obcan.obec-vzor.cz", null, "https://obcan.obec-vzor.cz")]
    [InlineData("obec-vzor.localhost", null, "http://obec-vzor.localhost")]
    public void A_new_towns_address_is_served_as_the_platforms_console_is(string host, string? platform, string expected) =>
        Assert.Equal(expected, TownRules.BaseUrl(host, platform));

    [Theory]
    [InlineData("00064581", true)] // Hlavní město Praha
    [InlineData("00064582", false)]
    [InlineData("0006458", false)]
    [InlineData("0006458a", false)]
    public void An_ico_has_its_mod_11_check_digit(string ico, bool valid) => Assert.Equal(valid, TownSettingsRules.IsValidIco(ico));

    [Fact]
    public void Exactly_one_last_digit_completes_any_seven_digits_to_an_ico()
    {
        Gen.Int[0, 9_999_999].Sample(first =>
        {
            var seven = first.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);
            return Enumerable.Range(0, 10).Count(d => TownSettingsRules.IsValidIco(seven + d.ToString(System.Globalization.CultureInfo.InvariantCulture))) == 1;
        });
    }

    [Theory]
    [InlineData("#000000", true)]
    [InlineData("#1f5132", true)]
    [InlineData("#ffffff", false)]
    [InlineData("#ffcc00", false)] // yellow: white text unreadable
    [InlineData("1f5132", false)]
    [InlineData("#12345", false)]
    public void The_header_colour_keeps_white_text_readable(string colour, bool readable) =>
        Assert.Equal(readable, TownSettingsRules.IsReadableHeaderColour(colour));

    [Fact]
    public void A_darker_colour_than_a_readable_one_is_readable_too()
    {
        Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255], Gen.Double[0, 1]).Sample((r, g, b, shade) =>
        {
            static string Hex(int r, int g, int b) => $"#{r:x2}{g:x2}{b:x2}";
            var darker = Hex((int)(r * shade), (int)(g * shade), (int)(b * shade));
            return !TownSettingsRules.IsReadableHeaderColour(Hex(r, g, b)) || TownSettingsRules.IsReadableHeaderColour(darker);
        });
    }

    [Fact]
    public void The_emblem_is_a_png_or_svg_data_uri_of_at_most_about_100_kB()
    {
        Assert.True(TownSettingsRules.IsAcceptableEmblem("data:image/png;base64," + Convert.ToBase64String(new byte[1000])));
        Assert.True(TownSettingsRules.IsAcceptableEmblem("data:image/svg+xml;base64," + Convert.ToBase64String("<svg/>"u8.ToArray())));
        Assert.False(TownSettingsRules.IsAcceptableEmblem("data:image/png;base64," + Convert.ToBase64String(new byte[110_000])));
        Assert.False(TownSettingsRules.IsAcceptableEmblem("https://example.cz/znak.png"));
        Assert.False(TownSettingsRules.IsAcceptableEmblem("data:image/gif;base64,R0lGODlhAQABAAAAACw="));
        Assert.False(TownSettingsRules.IsAcceptableEmblem("data:image/png;base64,není base64"));
    }
}
