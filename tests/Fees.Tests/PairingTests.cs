using System.Net;
using System.Text.Json;
using CsCheck;
using Portal.Fees.Domain;
using Portal.Testing;

namespace Portal.Fees.Tests;

/// <summary>Addresses as pairing compares them: street, house number and PSČ, however each side writes them.</summary>
public sealed class PayerAddressTests
{
    [Theory]
    [InlineData("Lipová 12, 100 00 Město Demo", "LIPOVÁ 12, 10000 MĚSTO DEMO")]
    [InlineData("Lipová 12, 100 00 Město Demo", "Lipová 12, 100 00 Město Demo, č. p. 412")]
    [InlineData("ul. Lipová 12, 100 00 Město Demo", "Lipova  12 ,100 00 Mesto Demo")]
    [InlineData("nám. Míru 1234/5, 120 00 Praha 2", "Náměstí Míru 5, 120 00 Praha")]
    [InlineData("Náměstí 1, 100 00 Město Demo", "Náměstí 1, 100\u00a000 Město Demo")]
    public void The_same_place_written_two_ways_matches(string a, string b) => Assert.True(PayerAddress.Same(a, b), $"{a} / {b}");

    [Theory]
    [InlineData("Lipová 12, 100 00 Město Demo", "Lipová 13, 100 00 Město Demo")]
    [InlineData("Lipová 12, 100 00 Město Demo", "Lipová 12, 100 01 Město Demo")]
    [InlineData("Lipová 12, 100 00 Město Demo", "Polní 12, 100 00 Město Demo")]
    [InlineData("Lipová 12, 100 00 Město Demo", "Město Demo")]
    [InlineData("Lipová 12, 100 00 Město Demo", null)]
    [InlineData("Lipová 12, 100 00 Město Demo", "")]
    [InlineData("nám. Míru 1234/5, 120 00 Praha 2", "Náměstí Míru 1234/6, 120 00 Praha")]
    public void Another_street_number_or_post_code_does_not(string a, string? b) => Assert.False(PayerAddress.Same(a, b), $"{a} / {b}");

    [Fact]
    public void Any_street_number_and_post_code_match_themselves_however_cased_and_spaced_and_differ_in_any_one_part()
    {
        var street = Gen.OneOf("Lipová", "Na Nábřeží", "Zahradní", "Krátká", "Václavské náměstí", "Pod Lesem");
        var number = Gen.Int[1, 9999];
        var code = Gen.Int[10000, 79999];
        Gen.Select(street, number, code, Gen.Bool, Gen.Int[1, 3]).Sample((s, n, c, upper, spaces) =>
        {
            var written = $"{s} {n}, {c / 100} {c % 100:00} Obec";
            var other = $"{(upper ? s.ToUpperInvariant() : s)}{new string(' ', spaces)}{n},{c}  obec";
            return PayerAddress.Same(written, other)
                && !PayerAddress.Same(written, $"{s} {n + 1}, {c / 100} {c % 100:00} Obec")
                && !PayerAddress.Same(written, $"{s} {n}, {(c + 1) / 100} {(c + 1) % 100:00} Obec")
                && !PayerAddress.Same(written, $"Jiná {n}, {c / 100} {c % 100:00} Obec");
        });
    }
}

/// <summary>
/// A namesake never takes a payer's fees: pairing at a NIA sign-in needs the address too; a match by name and date of
/// birth alone, or by two identities, goes to the fees clerk, who confirms the right one.
/// </summary>
public sealed class PairingTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    [Fact]
    public async Task A_namesake_with_a_made_up_identifier_gets_nothing_and_two_matching_identities_go_to_the_fees_clerk()
    {
        using var clerk = await app.ClerkAsync("fees");
        var created = await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "odpad",
            payerName = "Josef Veselý",
            payerBirthDate = "1962-11-03",
            address = "Za Humny 5, 100 00 Město Demo",
            from = $"{Year}-01-01",
            subjects = new[] { new { name = "Josef Veselý", birthDate = "1962-11-03", from = $"{Year}-01-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // A NIA identity typed with the payer's name and date of birth but living elsewhere: nothing of the payer's.
        var namesakeId = "CZ/CZ/" + Guid.NewGuid().ToString("N");
        var namesake = app.Client();
        await namesake.PickNiaPersonAsync(await namesake.GetAsync("/Account/Nia"), "Josef", "Veselý", "1962-11-03", namesakeId, address: "Dlouhá 40, 110 00 Praha 1");
        var pending = await Wait.UntilAsync(async () => await namesake.GetAsync("/Fees") is var p && p.Has("[data-testid=pairing-pending]") ? p : null);
        Assert.False(pending.Has("[data-testid=fees]"));
        Assert.Empty(await namesake.GetJsonAsync<JsonElement[]>("/api/fees/mine"));

        // The payer at the right address comes second: not the first comer's, not theirs either until the clerk decides.
        var (payer, _) = await app.NiaCitizenAsync("Josef", "Veselý", "1962-11-03", address: "Za Humny 5, 100 00 Město Demo");
        var clerkPage = await Wait.UntilAsync(async () => await clerk.GetAsync("/Fees/Registrations") is var p && p.Document.QuerySelectorAll("[data-testid=pairing]").Count(r => r.TextContent.Contains("Josef Veselý", StringComparison.Ordinal)) == 2 ? p : null);
        Assert.Empty(await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.Empty(await namesake.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        var rows = clerkPage.Document.QuerySelectorAll("[data-testid=pairing]").Where(r => r.TextContent.Contains("Josef Veselý", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.TextContent.Contains("Dlouhá 40", StringComparison.Ordinal) && r.TextContent.Contains("adresa v NIA se liší", StringComparison.Ordinal));
        var right = rows.Single(r => r.TextContent.Contains("Za Humny 5, 100 00 Město Demo", StringComparison.Ordinal) && !r.TextContent.Contains("Dlouhá", StringComparison.Ordinal));
        Assert.Contains("shoduje víc ověřených identit", right.TextContent);

        // The clerk confirms the right one: the payer's fees are theirs, the namesake's proposal is closed.
        var form = right.QuerySelector("form")!;
        var token = clerkPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var decided = await clerk.Http.PostAsync("/Fees/Registrations?handler=Pairing", new FormUrlEncodedContent(
        [
            new("proposalId", form.QuerySelector("input[name=proposalId]")!.GetAttribute("value")!),
            new("confirm", "true"),
            new("__RequestVerificationToken", token),
        ]));
        var after = await clerk.ToPage(decided);
        Assert.True(after.Has("[data-testid=done]"), after.Html);
        Assert.DoesNotContain(after.Document.QuerySelectorAll("[data-testid=pairing]"), r => r.TextContent.Contains("Josef Veselý", StringComparison.Ordinal));
        var fees = await Wait.UntilAsync(async () => await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null);
        Assert.True(Assert.Single(fees).GetProperty("amount").GetDecimal() > 0);
        Assert.Empty(await namesake.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.False((await namesake.GetAsync("/Fees")).Has("[data-testid=pairing-pending]"));

        // The namesake signing in again changes nothing: not proposed again.
        var again = app.Client();
        await again.PickNiaPersonAsync(await again.GetAsync("/Account/Nia"), "Josef", "Veselý", "1962-11-03", namesakeId, address: "Dlouhá 40, 110 00 Praha 1");
        await Task.Delay(500);
        Assert.DoesNotContain((await clerk.GetAsync("/Fees/Registrations")).Document.QuerySelectorAll("[data-testid=pairing]"), r => r.TextContent.Contains("Josef Veselý", StringComparison.Ordinal));
        Assert.Empty(await again.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        namesake.Dispose();
        payer.Dispose();
        again.Dispose();
    }

    [Fact]
    public async Task The_payer_at_the_registered_address_is_paired_at_once_and_a_later_namesake_goes_to_the_clerk()
    {
        using var clerk = await app.ClerkAsync("fees");
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostJsonAsync("/api/fees/registrations", new
        {
            feeCode = "psi",
            payerName = "Alena Pravá",
            payerBirthDate = "1970-07-07",
            address = "Polní 9, 100 00 Město Demo, č. p. 88",
            from = $"{Year}-01-01",
            subjects = new[] { new { name = "Rek", from = $"{Year}-01-01" } },
        })).StatusCode);

        var (payer, _) = await app.NiaCitizenAsync("Alena", "Pravá", "1970-07-07", address: "POLNÍ 9, 10000 Město Demo");
        await Wait.UntilAsync(async () => await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: 1 } list ? list : null);

        var (namesake, _) = await app.NiaCitizenAsync("Alena", "Pravá", "1970-07-07", address: null);
        await Wait.UntilAsync(async () => (await clerk.GetAsync("/Fees/Registrations")).Document.QuerySelectorAll("[data-testid=pairing]")
            .FirstOrDefault(r => r.TextContent.Contains("Alena Pravá", StringComparison.Ordinal) && r.TextContent.Contains("už je spárován s jiným účtem", StringComparison.Ordinal)));
        Assert.Empty(await namesake.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.Single(await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        payer.Dispose();
        namesake.Dispose();
    }
}
