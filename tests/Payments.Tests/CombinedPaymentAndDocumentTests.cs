using System.Net;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>Several fees paid by one card payment (exactly once each, though notified twice); the payment documents as PDF/A.</summary>
public sealed class CombinedPaymentAndDocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    private async Task<(PortalClient Citizen, JsonElement[] Fees)> PayerOfTwoFeesAsync(PortalClient clerk, string given, string family, string born)
    {
        foreach (var (fee, subject) in new[] { ("psi", (object)new { name = "Pes Alík", from = $"{Year}-01-01" }), ("odpad", new { name = $"{given} {family}", birthDate = born, from = $"{Year}-01-01" }) })
        {
            var created = await clerk.PostJsonAsync("/api/fees/registrations", new
            {
                feeCode = fee,
                payerName = $"{given} {family}",
                payerBirthDate = born,
                address = "Lipová 12, 100 00 Město Demo",
                from = $"{Year}-01-01",
                subjects = new[] { subject },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var (citizen, _) = await app.NiaCitizenAsync(given, family, born);
        var fees = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: 2 } list ? list : null);
        return (citizen, fees);
    }

    [Fact]
    public async Task Two_fees_are_paid_with_one_card_payment_each_by_its_own_amount_exactly_once()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fees) = await PayerOfTwoFeesAsync(clerk, "Karel", "Kombinovaný", "1966-06-06");
        var amounts = fees.ToDictionary(f => f.GetProperty("id").GetGuid(), f => f.GetProperty("remaining").GetDecimal());

        // "Moje poplatky": tick both, or "pay all".
        var page = await citizen.GetAsync("/Fees");
        Assert.NotNull(page.Document.QuerySelector("[data-testid=pay-all]"));
        var chosen = await citizen.GetAsync("/Payments/Card?" + string.Join("&", amounts.Keys.Select(id => "ids=" + id)));
        Assert.Equal(2, chosen.Document.QuerySelectorAll("[data-testid=chosen] tbody tr").Length);
        var total = amounts.Values.Sum();
        Assert.Contains(Portal.Shared.Text.Czk.Format(total), chosen.Text("[data-testid=total]"));
        Assert.Equal(2, (await citizen.GetAsync("/Payments/Card?all=true")).Document.QuerySelectorAll("[data-testid=chosen] tbody tr").Length);

        var gateway = await citizen.SubmitAsync(chosen, "main form");
        Assert.Equal(app.GatewayAddress.Authority, gateway.Url.Authority);
        var back = await citizen.SubmitAsync(gateway, "form", button: ("result", "PAID-TWICE"));
        Assert.True(back.Has("[data-testid=paid]"), back.Html);

        foreach (var (id, amount) in amounts)
        {
            await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        }

        await Task.Delay(500);
        foreach (var (id, amount) in amounts)
        {
            var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
            var paid = Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
            Assert.Equal(amount, ledger.GetProperty("paid").GetDecimal());
        }

        // One payment in the history, with what it paid; its receipt (page and PDF) lists both fees.
        var payment = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal(total, payment.GetProperty("amount").GetDecimal());
        Assert.Equal(2, payment.GetProperty("parts").GetArrayLength());
        var receiptPage = await citizen.GetAsync($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}");
        Assert.Equal(2, receiptPage.Document.QuerySelectorAll("[data-testid=parts] tbody tr").Length);

        // A number people can read out, not a GUID; "Moje platby" names both fees' symbols, never an empty one.
        var number = receiptPage.Text("[data-testid=receipt-number]");
        Assert.Matches(@"^PL-\d{8}-[0-9A-HJKMNP-TV-Z]{10}$", number);
        Assert.Equal(number, (await citizen.GetAsync($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}")).Text("[data-testid=receipt-number]"));
        var history = await citizen.GetAsync("/Payments");
        foreach (var fee in fees)
        {
            Assert.Contains(fee.GetProperty("variableSymbol").GetString()!, history.Html, StringComparison.Ordinal);
        }

        var receipt = Pdfs.Read(await citizen.Http.GetByteArrayAsync(receiptPage.Document.QuerySelector("[data-testid=receipt-pdf]")!.GetAttribute("href")!));
        Assert.Equal("2", receipt.PdfAPart);
        Assert.True(receipt.AllFontsEmbedded);
        Assert.Contains("Potvrzení o platbě", receipt.Text, StringComparison.Ordinal);
        Assert.Contains("Poplatek ze psů", receipt.Text, StringComparison.Ordinal);
        Assert.Contains(number, receipt.Text, StringComparison.Ordinal);
        Assert.Contains(Portal.Shared.Text.Czk.Format(total).Replace('\u00a0', ' '), receipt.Text.Replace('\u00a0', ' '), StringComparison.Ordinal);

        // Each fee's page shows the one payment among its receipts; nothing more to pay.
        Assert.Contains($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}", (await citizen.GetAsync($"/Payments/Instruction/{amounts.Keys.First()}")).Html);
        Assert.Equal(0, (await citizen.GetAsync("/Payments/Card?all=true")).Document.QuerySelectorAll("[data-testid=chosen] tbody tr").Length);
    }

    [Fact]
    public async Task The_payment_instruction_PDF_carries_a_QR_code_that_decodes_to_the_pages_SPAYD()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Libuše", "Qrková", "1975-05-05");
        var id = fee.GetProperty("id").GetGuid();
        var spayd = (await citizen.GetJsonAsync<JsonElement>($"/api/payments/instructions/{id}")).GetProperty("spayd").GetString()!;

        var page = await citizen.GetAsync($"/Payments/Instruction/{id}");
        var link = page.Document.QuerySelector("[data-testid=instruction-pdf]")!.GetAttribute("href")!;
        var bytes = await citizen.Http.GetByteArrayAsync(link);
        var pdf = Pdfs.Read(bytes);
        Assert.Equal("2", pdf.PdfAPart);
        Assert.True(pdf.AllFontsEmbedded);
        Assert.True(pdf.Tagged);
        Assert.Equal([spayd], pdf.QrCodes);
        Assert.Contains(fee.GetProperty("variableSymbol").GetString()!, pdf.Text, StringComparison.Ordinal);
        Assert.Contains("Libuše Qrková", pdf.Text, StringComparison.Ordinal);
        Assert.Equal(bytes, await citizen.Http.GetByteArrayAsync(link));

        // Someone else's instruction is not there; a password session does not see fees at all.
        var (stranger, _) = await app.NiaCitizenAsync("Cizí", "Plátce", "1980-01-01");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(link)).StatusCode);
    }
}
