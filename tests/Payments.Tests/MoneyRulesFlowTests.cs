using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Portal.Payments.Statements;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>
/// Issue "Money, time and law" through the real host: a statement is booked whole or not at all (cut, another account),
/// pending camt entries pay nothing, a payment with the symbol pays the instalments in order whatever its amount, and an
/// overpayment is carried to the payer's next year or refunded.
/// </summary>
public sealed class MoneyRulesFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Own = "0000192000145399";
    private static readonly int Year = DateTime.UtcNow.Year;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_statement_cut_inside_its_third_line_is_refused_whole_and_pays_nothing()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (first, firstFee) = await app.PayerAsync(clerk, "psi", "Adam", "Useknutý", "1961-02-03");
        var (second, secondFee) = await app.PayerAsync(clerk, "psi", "Bedřich", "Useknutý", "1962-03-04");
        var whole = GpcWriter.ToBytes(Own, "MESTO DEMO", 11, Today,
        [
            new GpcItem(600m, Posting.Credit, firstFee.GetProperty("variableSymbol").GetString()),
            new GpcItem(600m, Posting.Credit, secondFee.GetProperty("variableSymbol").GetString()),
        ]);
        var cut = whole[..(128 + 2 + 128 + 2 + 60)]; // header, the first payment, then 60 characters of the second

        var import = await clerk.ImportStatementAsync(cut, "useknuty.gpc");
        Assert.Equal("Refused", import.GetProperty("status").GetString());
        Assert.Contains(import.GetProperty("errors").EnumerateArray(), e => e.GetProperty("line").GetInt32() == 3);
        Assert.Equal(0, import.GetProperty("matched").GetInt32());
        var page = await clerk.GetAsync($"/Payments/Statements/{import.GetProperty("id").GetGuid()}");
        Assert.Contains("odmítli celý", page.Text("[data-testid=refused]"));
        await Task.Delay(500);
        Assert.Equal(0m, (await first.FeeAsync(firstFee.GetProperty("id").GetGuid())).GetProperty("paid").GetDecimal());
        Assert.Empty(await first.GetJsonAsync<JsonElement[]>("/api/payments/mine"));

        // The whole statement afterwards books both.
        var booked = await clerk.ImportStatementAsync(whole, "cely.gpc");
        Assert.Equal("Completed", booked.GetProperty("status").GetString());
        Assert.Equal(2, booked.GetProperty("matched").GetInt32());
        await Wait.UntilAsync(async () => await second.FeeAsync(secondFee.GetProperty("id").GetGuid()) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task A_statement_of_another_account_is_refused_and_the_clerk_sees_which_accounts_are_accepted()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Cyril", "Cizoúčtový", "1963-04-05");
        var statements = await clerk.GetAsync("/Payments/Statements");
        Assert.Contains("19-2000145399/0800", statements.Text("[data-testid=accepted-accounts]"));

        var other = GpcWriter.ToBytes("0000000123456789", "JINA FIRMA", 1, Today, [new GpcItem(600m, Posting.Credit, fee.GetProperty("variableSymbol").GetString())]);
        var import = await clerk.ImportStatementAsync(other, "jiny-ucet.gpc");
        Assert.Equal("Refused", import.GetProperty("status").GetString());
        Assert.Contains("není účtem obce", import.GetProperty("errors")[0].GetProperty("message").GetString());
        await Task.Delay(500);
        Assert.Equal(600m, (await citizen.FeeAsync(fee.GetProperty("id").GetGuid())).GetProperty("remaining").GetDecimal());
        citizen.Dispose();
    }

    [Fact]
    public async Task A_pending_camt_entry_is_shown_and_pays_nothing_while_the_booked_one_pays()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Dana", "Čekající", "1964-05-06");
        var (other, otherFee) = await app.PayerAsync(clerk, "psi", "Emil", "Zaúčtovaný", "1965-06-07");
        string Entry(string vs, string status, string reference) =>
            $"<Ntry><NtryRef>{reference}</NtryRef><Amt Ccy=\"CZK\">600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>{status}</Sts><BookgDt><Dt>{Today:yyyy-MM-dd}</Dt></BookgDt>"
            + $"<NtryDtls><TxDtls><Refs><EndToEndId>VS:{vs}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>";
        var camt = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
              <GrpHdr><MsgId>M-PDNG-{fee.GetProperty("variableSymbol").GetString()}</MsgId><CreDtTm>{Today:yyyy-MM-dd}T08:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>S-PDNG</Id><Acct><Id><IBAN>CZ6508000000192000145399</IBAN></Id></Acct>
                <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">5000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{Today:yyyy-MM-dd}</Dt></Dt></Bal>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">5600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{Today:yyyy-MM-dd}</Dt></Dt></Bal>
                {Entry(fee.GetProperty("variableSymbol").GetString()!, "PDNG", "P-1")}
                {Entry(otherFee.GetProperty("variableSymbol").GetString()!, "BOOK", "B-1")}
              </Stmt></BkToCstmrStmt></Document>
            """;
        var import = await clerk.ImportStatementAsync(Encoding.UTF8.GetBytes(camt), "pdng.xml");
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        Assert.Equal(1, import.GetProperty("unbooked").GetInt32());
        var page = await clerk.GetAsync($"/Payments/Statements/{import.GetProperty("id").GetGuid()}");
        Assert.Contains("PDNG", page.Text("[data-testid=unbooked-lines]"));
        await Wait.UntilAsync(async () => await other.FeeAsync(otherFee.GetProperty("id").GetGuid()) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        Assert.Equal(600m, (await citizen.FeeAsync(fee.GetProperty("id").GetGuid())).GetProperty("remaining").GetDecimal());
        Assert.Empty(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        citizen.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task A_payment_of_exactly_the_first_instalment_pays_it_and_is_not_queued()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "odpad", "Filip", "Splátkový", "1966-07-08");
        var id = fee.GetProperty("id").GetGuid();
        var instalments = fee.GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal(2, instalments.Count); // 840 a year in two instalments
        var first = instalments[0].GetProperty("amount").GetDecimal();

        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes(Own, "MESTO DEMO", 12, Today, [new GpcItem(first, Posting.Credit, fee.GetProperty("variableSymbol").GetString())]), "splatka.gpc");
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        Assert.Equal(0, import.GetProperty("queued").GetInt32());
        var paid = (await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("paid").GetDecimal() == first ? new[] { f } : null))[0];
        var state = paid.GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal(first, state[0].GetProperty("paid").GetDecimal());
        Assert.Equal(0m, state[1].GetProperty("paid").GetDecimal());
        Assert.Equal(instalments[1].GetProperty("dueDate").GetString(), paid.GetProperty("dueDate").GetString());
        citizen.Dispose();
    }

    [Fact]
    public async Task An_overpayment_is_shown_and_the_clerk_carries_it_to_the_payers_next_year()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Gustav", "Přeplatil", "1967-08-09");
        var id = fee.GetProperty("id").GetGuid();
        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes(Own, "MESTO DEMO", 13, Today, [new GpcItem(700m, Posting.Credit, fee.GetProperty("variableSymbol").GetString())]), "preplatek.gpc");
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        var overpaid = (await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("overpaid").GetDecimal() == 100 ? new[] { f } : null))[0];
        Assert.Equal(0m, overpaid.GetProperty("remaining").GetDecimal());
        Assert.Contains("100,00", (await citizen.GetAsync("/Fees")).Text($"[data-testid=obligation-{fee.GetProperty("variableSymbol").GetString()}] [data-testid=overpaid]"));

        // Nothing to carry it to yet: the clerk is told so.
        var page = await clerk.GetAsync($"/Fees/Obligation/{id}");
        var refused = await clerk.SubmitAsync(page, "[data-testid=overpayment]", null, ("action", "Carry"));
        Assert.Contains("další předpis", refused.Text(".error-summary"));

        // The next year is assessed; the overpayment goes there, in both ledgers at once.
        var run = await clerk.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = Year + 1 });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await Wait.UntilAsync(async () => (await clerk.GetJsonAsync<JsonElement[]>("/api/fees/assessments"))
            .Where(r => r.GetProperty("year").GetInt32() == Year + 1 && r.GetProperty("status").GetString() == "Completed").ToArray() is { Length: > 0 } done ? done : null);
        var next = (await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine")).Single(f => f.GetProperty("year").GetInt32() == Year + 1);
        page = await clerk.GetAsync($"/Fees/Obligation/{id}");
        var carried = await clerk.SubmitAsync(page, "[data-testid=overpayment]", null, ("action", "Carry"));
        Assert.Equal(HttpStatusCode.OK, carried.Status);
        var after = await citizen.FeeAsync(id);
        Assert.Equal(0m, after.GetProperty("overpaid").GetDecimal());
        Assert.Equal(0m, after.GetProperty("remaining").GetDecimal());
        var nextAfter = await citizen.FeeAsync(next.GetProperty("id").GetGuid());
        Assert.Equal(100m, nextAfter.GetProperty("paid").GetDecimal());
        Assert.Equal(next.GetProperty("amount").GetDecimal() - 100m, nextAfter.GetProperty("remaining").GetDecimal());
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{next.GetProperty("id").GetGuid()}");
        Assert.Contains(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid" && e.GetProperty("text").GetString() == "preplatek");

        // Nothing more to carry or refund.
        page = await clerk.GetAsync($"/Fees/Obligation/{id}");
        Assert.Null(page.Document.QuerySelector("[data-testid=overpayment]"));
        citizen.Dispose();
    }

    [Fact]
    public async Task An_overpayment_is_refunded_with_a_note_and_never_more_than_it_is()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Hana", "Vrácená", "1968-09-10");
        var id = fee.GetProperty("id").GetGuid();
        await clerk.ImportStatementAsync(GpcWriter.ToBytes(Own, "MESTO DEMO", 14, Today, [new GpcItem(650m, Posting.Credit, fee.GetProperty("variableSymbol").GetString())]), "vraceni.gpc");
        await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("overpaid").GetDecimal() == 50 ? new[] { f } : null);

        var page = await clerk.GetAsync($"/Fees/Obligation/{id}");
        var tooMuch = await clerk.SubmitAsync(page, "[data-testid=overpayment]", new Dictionary<string, string?> { ["Input.Amount"] = "60", ["Input.Reason"] = "vráceno na účet 123/0100" }, ("action", "Refund"));
        Assert.Contains("50,00", tooMuch.Text(".error-summary"));
        var noNote = await clerk.SubmitAsync(page, "[data-testid=overpayment]", null, ("action", "Refund"));
        Assert.Contains("důvod", noNote.Text(".error-summary"), StringComparison.OrdinalIgnoreCase);
        await clerk.SubmitAsync(page, "[data-testid=overpayment]", new Dictionary<string, string?> { ["Input.Reason"] = "vráceno na účet 123/0100" }, ("action", "Refund"));
        var after = await citizen.FeeAsync(id);
        Assert.Equal(0m, after.GetProperty("overpaid").GetDecimal());
        Assert.Equal(0m, after.GetProperty("remaining").GetDecimal());
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
        Assert.Contains(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "refunded" && e.GetProperty("amount").GetDecimal() == -50m);
        citizen.Dispose();
    }
}
