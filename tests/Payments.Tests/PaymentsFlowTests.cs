using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Portal.Fees.Domain;
using Portal.Payments.Statements;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Payments.Tests;

/// <summary>Money in through the real host: QR Platba, bank statements and their queue, the card gateway over HTTP.</summary>
public sealed class PaymentsFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// Sets an import back to before its first checkpoint (its counters zeroed), with what <paramref name="damage"/>
    /// undoes of its writes, sends its message again and answers the import once completed.
    /// </summary>
    private async Task<JsonElement[]> RestartedImport(PortalClient clerk, Guid importId, Action<IDocumentSession> damage)
    {
        await using (var session = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            damage(session);
            var stored = (await session.LoadAsync<StatementImport>(importId))!;
            (stored.Status, stored.Checkpoint, stored.Transactions, stored.Credits, stored.Matched, stored.MatchedAmount, stored.Queued, stored.QueuedAmount, stored.Debits)
                = (ImportStatus.Running, 0, 0, 0, 0, 0, 0, 0, 0);
            session.Store(stored);
            await session.SaveChangesAsync();
        }

        await app.PublishAsync(new Portal.Payments.Features.ImportStatement(importId));
        var resumed = await clerk.ImportFinishedAsync(importId);
        Assert.Equal("Completed", resumed.GetProperty("status").GetString());
        return [resumed];
    }

    [Fact]
    public async Task A_fee_is_paid_by_QR_Platba_confirmed_by_the_clerks_statement_and_shows_paid_in_the_overview_and_the_history()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Alois", "Jirásek", "1951-08-23");
        var id = fee.GetProperty("id").GetGuid();
        var vs = fee.GetProperty("variableSymbol").GetString()!;

        var instruction = await citizen.GetJsonAsync<JsonElement>($"/api/payments/instructions/{id}");
        var spayd = instruction.GetProperty("spayd").GetString()!;
        Assert.Contains($"*X-VS:{vs}", spayd);
        Assert.Contains("*AM:600.00*", spayd);
        Assert.Contains("ACC:CZ6508000000192000145399", spayd);
        var png = await citizen.Http.GetAsync($"/Payments/Qr/{id}.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Contains("<svg", await citizen.Http.GetStringAsync($"/Payments/Qr/{id}.svg"));
        Assert.Contains(vs, (await citizen.GetAsync($"/Payments/Instruction/{id}")).Text("[data-testid=vs]"));

        // Nobody else gets the instruction or the QR code.
        var (stranger, _) = await app.NiaCitizenAsync("Cizí", "Člověk", "1980-01-01");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/payments/instructions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/Payments/Qr/{id}.png")).StatusCode);

        // The statement: the payment, an unknown symbol and an outgoing payment.
        var file = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 3, Today,
        [
            new GpcItem(600m, Posting.Credit, vs, Text: "Alois Jirasek"),
            new GpcItem(123m, Posting.Credit, "9999999", Text: "Neznamy"),
            new GpcItem(50m, Posting.Debit, "1", Text: "Poplatek banky"),
        ]);
        var import = await clerk.ImportStatementAsync(file, "vypis.gpc");
        Assert.Equal("Completed", import.GetProperty("status").GetString());
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        Assert.Equal(1, import.GetProperty("queued").GetInt32());
        Assert.Equal(1, import.GetProperty("debits").GetInt32());
        Assert.Empty(import.GetProperty("errors").EnumerateArray());
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(import.GetRawText()),
            o => o.IgnoreField("id").IgnoreField("sha256").IgnoreField("uploadedAt").IgnoreField("finishedAt").IgnoreField("importedBy").IgnoreField("statementDate"));

        var paid = await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        Assert.Equal(600m, paid[0].GetProperty("paid").GetDecimal());
        var history = await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine");
        var payment = Assert.Single(history);
        Assert.Equal("Paid", payment.GetProperty("state").GetString());
        Assert.Equal("bank-transfer", payment.GetProperty("channel").GetString());
        Assert.Contains("600,00", (await citizen.GetAsync($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}")).Text("[data-testid=receipt]"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}")).Status);

        // The same file again is the same import; another file carrying the same line adds nothing for it.
        var again = await clerk.ImportStatementAsync(file, "vypis.gpc");
        Assert.Equal(import.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        var page = await clerk.UploadStatementPageAsync(file, "vypis-znovu.gpc");
        Assert.Contains("Tento výpis už byl načten", page.Text("[data-testid=imported-again]"));
        Assert.False((await clerk.GetAsync($"/Payments/Statements/{again.GetProperty("id").GetGuid()}")).Has("[data-testid=imported-again]"));
        var overlapping = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 4, Today, [new GpcItem(600m, Posting.Credit, vs, Text: "Alois Jirasek")]);
        var second = await clerk.ImportStatementAsync(overlapping, "vypis-znovu.gpc");
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, second.GetProperty("matched").GetInt32());
        await Task.Delay(300);
        Assert.Equal(600m, (await citizen.FeeAsync(id)).GetProperty("paid").GetDecimal());
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
    }

    [Fact]
    public async Task An_import_stopped_before_its_checkpoint_resumes_without_counting_or_paying_anything_twice()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Bohumil", "Přerušený", "1914-03-28");
        var id = fee.GetProperty("id").GetGuid();
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 21, Today,
        [
            new GpcItem(600m, Posting.Credit, vs, Text: "Hrabal"),
            new GpcItem(77m, Posting.Credit, "8888888", Text: "Neznamy"),
            new GpcItem(10m, Posting.Debit, null, Text: "Poplatek"),
        ]), "vypis.gpc");
        await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);

        // As if the import had stopped after writing its payments and lines but before its checkpoint.
        var resumed = await RestartedImport(clerk, import.GetProperty("id").GetGuid(), _ => { });
        Assert.Equal(1, resumed[0].GetProperty("matched").GetInt32());
        Assert.Equal(1, resumed[0].GetProperty("queued").GetInt32());
        Assert.Equal(1, resumed[0].GetProperty("debits").GetInt32());
        Assert.Equal(0, resumed[0].GetProperty("duplicates").GetInt32());
        await Task.Delay(500); // the ledger has had the repeated message
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
    }

    [Theory]
    [InlineData(true)]  // the payments were written, the lines and the checkpoint not
    [InlineData(false)] // the lines were written, the payments not
    public async Task A_batch_whose_write_failed_half_way_is_written_whole_on_the_retry_and_settles_once(bool paymentsWritten)
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", paymentsWritten ? "Cyril" : "Dalibor", "Poloviční", paymentsWritten ? "1915-04-04" : "1916-05-05");
        var id = fee.GetProperty("id").GetGuid();
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", paymentsWritten ? 41 : 42, Today,
        [
            new GpcItem(600m, Posting.Credit, vs, Text: "Polovicni"),
            new GpcItem(paymentsWritten ? 55m : 56m, Posting.Credit, paymentsWritten ? "7777771" : "7777772", Text: "Neznamy"),
        ]), paymentsWritten ? "pul-a.gpc" : "pul-b.gpc");
        await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);

        // As if one of the two COPYs had failed and the checkpoint had not been committed.
        var importId = import.GetProperty("id").GetGuid();
        var resumed = await RestartedImport(clerk, importId, session =>
        {
            if (paymentsWritten)
            {
                session.DeleteWhere<Portal.Payments.Domain.BankLine>(l => l.ImportId == importId);
            }
            else
            {
                session.DeleteWhere<Portal.Payments.Domain.Payment>(p => p.ImportId == importId);
            }
        });
        Assert.Equal(1, resumed[0].GetProperty("matched").GetInt32());
        Assert.Equal(1, resumed[0].GetProperty("queued").GetInt32());
        Assert.Equal(0, resumed[0].GetProperty("duplicates").GetInt32());
        await Task.Delay(500);
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
        Assert.Equal(600m, (await citizen.FeeAsync(id)).GetProperty("paid").GetDecimal());
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        await using var check = app.Service<Marten.IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Equal(2, await check.Query<Portal.Payments.Domain.Payment>().CountAsync(p => p.ImportId == importId));
        Assert.Equal(2, await check.Query<Portal.Payments.Domain.BankLine>().CountAsync(l => l.ImportId == importId));
    }

    [Fact]
    public async Task A_statement_of_many_chunks_is_stored_and_read_piece_by_piece_and_pays_a_credit_at_its_end_once()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Karel", "Dlouhý", "1931-01-31");
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var items = Enumerable.Range(1, 2_000).Select(i => new GpcItem(1m + i, Posting.Debit, null, Text: "Platba dodavateli " + i))
            .Append(new GpcItem(600m, Posting.Credit, vs, Text: "Dlouhy"))
            .ToList();
        var bytes = GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 31, Today, items);
        Assert.True(bytes.Length > 4 * StatementChunk.Size);

        var import = await clerk.ImportStatementAsync(bytes, "long.gpc");
        Assert.Equal((bytes.Length + StatementChunk.Size - 1) / StatementChunk.Size, import.GetProperty("chunks").GetInt32());
        Assert.Equal(bytes.Length, import.GetProperty("size").GetInt64());
        Assert.Equal(2_000, import.GetProperty("debits").GetInt32());
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        await Wait.UntilAsync(async () => await citizen.FeeAsync(fee.GetProperty("id").GetGuid()) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);

        // The same file again is the same import; nothing is paid twice.
        var again = await clerk.ImportStatementAsync(bytes, "long-again.gpc");
        Assert.Equal(import.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
    }

    [Fact]
    public async Task The_development_statement_pays_its_symbol_only_fees_clerks_reach_statements_and_the_metrics_count_it()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Vítězslav", "Vývojový", "1950-05-05");
        var vs = fee.GetProperty("variableSymbol").GetString()!;

        // The development aid of build/run.sh: a statement that pays the rest of this obligation.
        var download = await clerk.Http.GetAsync($"/Dev/Statement.gpc?vs={vs}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var import = await clerk.ImportStatementAsync(await download.Content.ReadAsByteArrayAsync(), "dev.gpc");
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        await Wait.UntilAsync(async () => await citizen.FeeAsync(fee.GetProperty("id").GetGuid()) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        Assert.Contains("portal_fees_payments_settled_total", await clerk.Http.GetStringAsync("/metrics"));

        // Citizens and clerks of other agendas reach none of it.
        using var filing = await app.ClerkAsync("filing");
        foreach (var outsider in new[] { citizen, filing })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/Payments/Statements")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/Payments/Unassigned")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/Payments/Statements/{import.GetProperty("id").GetGuid()}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/Fees/Manage")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Http.GetAsync($"/Dev/Statement.gpc?vs={vs}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Http.GetAsync("/api/payments/queue")).StatusCode);
        }
    }

    [Fact]
    public async Task A_camt053_statement_is_matched_like_a_GPC_one_and_a_file_that_is_no_statement_is_refused()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Eliška", "Krásnohorská", "1947-11-18");
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var camt = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
              <GrpHdr><MsgId>M-{vs}</MsgId><CreDtTm>{Today:yyyy-MM-dd}T08:00:00</CreDtTm></GrpHdr>
              <Stmt><Id>S-{vs}</Id><Acct><Id><IBAN>CZ6508000000192000145399</IBAN></Id></Acct>
                <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{Today:yyyy-MM-dd}</Dt></Dt></Bal>
                <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CZK">1600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{Today:yyyy-MM-dd}</Dt></Dt></Bal>
                <Ntry><NtryRef>R-{vs}</NtryRef><Amt Ccy="CZK">600.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>{Today:yyyy-MM-dd}</Dt></BookgDt>
                  <NtryDtls><TxDtls><Refs><EndToEndId>VS:{vs}/SS:/KS:0558</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
              </Stmt></BkToCstmrStmt></Document>
            """;
        var import = await clerk.ImportStatementAsync(System.Text.Encoding.UTF8.GetBytes(camt), "vypis.xml");
        Assert.Equal("camt.053", import.GetProperty("format").GetString());
        Assert.Equal(1, import.GetProperty("matched").GetInt32());
        await Wait.UntilAsync(async () => await citizen.FeeAsync(fee.GetProperty("id").GetGuid()) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);

        var before = (await clerk.GetAsync("/Payments/Statements")).Document.QuerySelectorAll("[data-testid=imports] tbody tr").Length;
        var page = await clerk.GetAsync("/Payments/Statements");
        var token = page.Document.QuerySelector("form[enctype] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("Dobrý den, posílám výpis."u8.ToArray()), "file", "vypis.gpc" },
        };
        var refused = await clerk.ToPage(await clerk.Http.PostAsync("/Payments/Statements", content));
        Assert.Contains("není výpis ve formátu ABO/GPC", refused.Text("[data-testid=file-error]"));
        Assert.Equal(before, refused.Document.QuerySelectorAll("[data-testid=imports] tbody tr").Length);
    }

    [Fact]
    public async Task The_payment_instruction_reads_the_same_every_time()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Josef", "Instrukční", "1944-04-04");
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var json = await citizen.Http.GetStringAsync($"/api/payments/instructions/{fee.GetProperty("id").GetGuid()}");

        // The symbol follows the registration number and the dates the current year: both are named, not frozen.
        var stable = json.Replace(vs, "{vs}", StringComparison.Ordinal).Replace(Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "{year}", StringComparison.Ordinal);

        // The due date (31 March) goes into the QR code only while it has not passed (Prague's today).
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, prague).DateTime);
        Assert.Equal(today <= new DateOnly(Year, 3, 31), stable.Contains("*DT:{year}0331", StringComparison.Ordinal));
        stable = stable.Replace("*DT:{year}0331", string.Empty, StringComparison.Ordinal);
        Snapshot.Match(Newtonsoft.Json.Linq.JToken.Parse(stable));
    }

    /// <summary>
    /// The statement report names the account once, as the town writes it, says what became of each credit line, and
    /// offers the queue from the region that refreshes itself; the queue says whose each offered symbol is.
    /// </summary>
    [Fact]
    public async Task The_statement_report_says_what_became_of_each_line_and_the_queue_says_whose_symbol_it_assigns_to()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Karel", "Hynek", "1910-11-24");
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var id = await clerk.UploadStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 5, Today,
        [
            new GpcItem(600m, Posting.Credit, vs, Text: "Hynek pes"),
            new GpcItem(900m, Posting.Credit, vs, Text: "Hynek znovu"),
            new GpcItem(75m, Posting.Credit, "9999999", Text: "Neznamy"),
        ]), "radky.gpc");
        await clerk.ImportFinishedAsync(id);
        var report = await clerk.GetAsync($"/Payments/Statements/{id}");
        Assert.Equal("19-2000145399/0800", report.Text("[data-testid=account]"));
        Assert.DoesNotContain("0000192000145399", report.Text("[data-testid=report]"));
        Assert.NotNull(report.Document.QuerySelector("#import-progress [data-testid=to-unassigned]"));
        var lines = report.Document.QuerySelectorAll("[data-testid=lines] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("zaplaceno", lines[0]);
        Assert.Contains("Karel Hynek", lines[0]);
        Assert.Contains("zaplaceno", lines[1]); // the symbol names the debt: applied (an overpayment)
        Assert.Contains("čeká na přiřazení", lines[2]);

        var queue = await clerk.GetAsync("/Payments/Unassigned");
        var unknown = queue.Document.QuerySelectorAll("[data-testid=queue] tbody tr").Single(r => r.TextContent.Contains("Neznamy", StringComparison.Ordinal));
        Assert.Contains("nepatří žádnému předpisu", unknown.QuerySelector("[data-testid=assign-target]")!.TextContent);

        // The clerk types the right symbol: the page says whose it is before anything moves.
        var asked = await clerk.SubmitAsync(queue, "[data-testid=queue] tbody tr:has(td:nth-child(4)) form", new Dictionary<string, string?> { ["variableSymbol"] = vs });
        Assert.Contains("Karel Hynek", asked.Text("[data-testid=confirm-assign]"));
        Assert.Contains("Poplatek ze psů", asked.Text("[data-testid=confirm-assign]"));
        citizen.Dispose();
    }

    [Fact]
    public async Task A_part_payment_with_the_symbol_is_applied_and_a_credit_without_one_waits_for_the_clerk_who_assigns_it()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Jan", "Neruda", "1934-07-09");
        var id = fee.GetProperty("id").GetGuid();
        var vs = fee.GetProperty("variableSymbol").GetString()!;
        var import = await clerk.ImportStatementAsync(GpcWriter.ToBytes("0000192000145399", "MESTO DEMO", 4, Today,
        [
            new GpcItem(200m, Posting.Credit, vs, Text: "Neruda cast"),
            new GpcItem(400m, Posting.Credit, null, Text: "Neruda bez VS"),
        ]), "vypis.gpc");
        Assert.Equal(1, import.GetProperty("matched").GetInt32()); // the symbol names the debt: applied, whatever the amount
        Assert.Equal(1, import.GetProperty("queued").GetInt32());
        await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("paid").GetDecimal() == 200 ? new[] { f } : null);
        Assert.Equal(400m, (await citizen.FeeAsync(id)).GetProperty("remaining").GetDecimal());

        var queue = await clerk.GetAsync("/Payments/Unassigned");
        Assert.DoesNotContain($"queued-{vs}", queue.Html);
        var noSymbol = queue.Document.QuerySelectorAll("[data-testid=queue] tbody tr").Single(r => r.TextContent.Contains("Neruda bez VS", StringComparison.Ordinal));
        Assert.Contains("bez variabilního symbolu", noSymbol.TextContent);
        var refused = await clerk.SubmitAsync(queue, "[data-testid=queue] tbody tr:last-child form", new Dictionary<string, string?> { ["variableSymbol"] = "" });
        Assert.Contains("Zadejte variabilní symbol", refused.Html);
        var asked = await clerk.SubmitAsync(refused, "[data-testid=queue] tbody tr:last-child form", new Dictionary<string, string?> { ["variableSymbol"] = vs });

        // Before the money moves the clerk sees whose the symbol is, and says yes.
        Assert.Contains("Jan Neruda", asked.Text("[data-testid=confirm-assign] [data-testid=assign-target]"));
        var assigned = await clerk.SubmitAsync(asked, "[data-testid=confirm-assign] form");
        Assert.Contains($"přiřazena k variabilnímu symbolu {vs}", assigned.Text("[data-testid=resolved]"));

        var settled = await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        Assert.Equal(600m, settled[0].GetProperty("paid").GetDecimal());
        Assert.Equal(2, (await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine")).Length);
        Assert.DoesNotContain("Neruda", (await clerk.GetAsync("/Payments/Unassigned")).Text("[data-testid=queue]"));
    }

    [Fact]
    public async Task A_fee_is_paid_by_card_through_the_gateway_once_though_notified_twice_and_forged_notifications_change_nothing()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Božena", "Kartová", "1970-03-03");
        var id = fee.GetProperty("id").GetGuid();

        var instruction = await citizen.GetAsync($"/Payments/Instruction/{id}");
        var gateway = await citizen.SubmitAsync(instruction, "form.no-print");
        Assert.Equal(app.GatewayAddress.Authority, gateway.Url.Authority);
        Assert.Contains("600,00", gateway.Text("[data-testid=amount]"));
        var back = await citizen.SubmitAsync(gateway, "form", button: ("result", "PAID-TWICE"));
        Assert.Equal("/Payments/Return", back.Url.AbsolutePath);
        Assert.True(back.Has("[data-testid=paid]"), back.Html);

        var transaction = System.Web.HttpUtility.ParseQueryString(back.Url.Query)["id"]!;
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        var forged = await anonymous.PostAsync("/api/payments/comgate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["merchant"] = PortalApp.GatewayMerchant,
            ["transId"] = transaction,
            ["status"] = "PAID",
            ["price"] = "60000",
            ["curr"] = "CZK",
            ["secret"] = "guessed",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/payments/comgate", new { transId = transaction, status = "PAID" })).StatusCode);
        var replayed = await anonymous.PostAsync("/api/payments/comgate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["merchant"] = PortalApp.GatewayMerchant,
            ["transId"] = transaction,
            ["status"] = "PAID",
            ["price"] = "60000",
            ["curr"] = "CZK",
            ["secret"] = PortalApp.GatewaySecret,
        }));
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        var unknown = await anonymous.PostAsync("/api/payments/comgate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["merchant"] = PortalApp.GatewayMerchant,
            ["transId"] = "FAKE-FAKE-FAKE",
            ["status"] = "PAID",
            ["secret"] = PortalApp.GatewaySecret,
        }));
        Assert.NotEqual(HttpStatusCode.InternalServerError, unknown.StatusCode);

        await Wait.UntilAsync(async () => await citizen.FeeAsync(id) is var f && f.GetProperty("remaining").GetDecimal() == 0 ? new[] { f } : null);
        await Task.Delay(300);
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{id}");
        Assert.Single(ledger.GetProperty("entries").EnumerateArray(), e => e.GetProperty("kind").GetString() == "paid");
        Assert.Equal(600m, ledger.GetProperty("paid").GetDecimal());
        var payment = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal("card", payment.GetProperty("channel").GetString());
        Assert.Equal("Paid", payment.GetProperty("state").GetString());

        // Nothing left to pay: the instruction says it is paid and leads to the receipt; nobody pays someone else's fee.
        var paidPage = await citizen.GetAsync($"/Payments/Instruction/{id}");
        Assert.Equal(HttpStatusCode.OK, paidPage.Status);
        Assert.Contains("zaplacený", paidPage.Text("[data-testid=paid]"));
        Assert.Contains($"/Payments/Receipt/{payment.GetProperty("id").GetGuid()}", paidPage.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.Http.GetAsync($"/Payments/Qr/{id}.png")).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_card_payment_pays_nothing_and_says_so()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Karel", "Zrušený", "1966-06-06");
        var id = fee.GetProperty("id").GetGuid();
        var gateway = await citizen.SubmitAsync(await citizen.GetAsync($"/Payments/Instruction/{id}"), "form.no-print");
        var back = await citizen.SubmitAsync(gateway, "form", button: ("result", "CANCELLED"));
        Assert.True(back.Has("[data-testid=cancelled]"), back.Html);
        Assert.Equal(600m, (await citizen.FeeAsync(id)).GetProperty("remaining").GetDecimal());
        Assert.Equal("Cancelled", Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine")).GetProperty("state").GetString());

        var (other, _) = await app.NiaCitizenAsync("Jiný", "Plátce", "1977-07-07");
        var foreign = await other.Http.PostAsync($"/Payments/Instruction/{id}?handler=Card", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.Redirect, foreign.StatusCode);
        Assert.NotEqual(app.GatewayAddress.Authority, foreign.RequestMessage!.RequestUri!.Authority);
    }
}
