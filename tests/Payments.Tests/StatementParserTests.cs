using System.Globalization;
using System.Text;
using CsCheck;
using Portal.Payments.Statements;

namespace Portal.Payments.Tests;

/// <summary>GPC (ABO) and camt.053 parsers: generated statements read back, broken lines are reported by number and skipped.</summary>
public sealed class StatementParserTests
{
    private const string Own = "0000192000145399";

    private static readonly Gen<GpcItem> Items = Gen.Select(
        Gen.Decimal[0.01m, 9_999_999.99m].Select(d => decimal.Round(d, 2)),
        Gen.OneOf(Posting.Credit, Posting.Credit, Posting.Credit, Posting.Debit, Posting.CreditReversal),
        Gen.Long[0, 9_999_999_999L],
        Gen.String[Gen.Char.AlphaNumeric, 0, 20])
        .Select((amount, posting, vs, text) => new GpcItem(amount, posting, vs == 0 ? null : vs.ToString(CultureInfo.InvariantCulture), Text: text));

    private static List<StatementRecord> Parse(byte[] bytes) => GpcParser.Parse(new MemoryStream(bytes), GpcParser.DetectEncoding(bytes)).ToList();

    [Fact]
    public void A_generated_statement_reads_back_item_by_item() =>
        Items.List[0, 50].Sample(items =>
        {
            var records = Parse(GpcWriter.ToBytes(Own, "MESTO DEMO", 7, new DateOnly(2027, 3, 15), items));
            var header = Assert.IsType<StatementRecord.Header>(records[0]).Value;
            Assert.Equal("192000145399", header.Account);
            Assert.Equal("7", header.Number);
            var read = records.Skip(1).Select(r => Assert.IsType<StatementRecord.Transaction>(r).Value).ToList();
            Assert.Equal(items.Count, read.Count);
            foreach (var (item, tx) in items.Zip(read))
            {
                Assert.Equal(item.Amount, tx.Amount);
                Assert.Equal(item.Posting, tx.Posting);
                Assert.Equal(item.VariableSymbol, tx.VariableSymbol);
                Assert.Equal(item.Text.Trim(), tx.Text);
                Assert.Equal(new DateOnly(2027, 3, 15), tx.Date);
                Assert.Equal("558", tx.ConstantSymbol);
            }

            Assert.Equal(read.Count, read.Select(t => t.Fingerprint).Distinct().Count());
        });

    [Fact]
    public void Truncated_and_garbled_lines_are_reported_with_their_number_and_the_rest_reads() =>
        Gen.Select(Items.List[3, 30], Gen.Int[0, 1000], Gen.Int[0, 3]).Sample((items, which, damage) =>
        {
            var lines = Encoding.Latin1.GetString(GpcWriter.ToBytes(Own, "MESTO", 1, new DateOnly(2027, 1, 2), items)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
            var broken = 1 + (which % items.Count); // an item line (line 1 is the header)
            lines[broken] = damage switch
            {
                0 => lines[broken][..60], // cut off
                1 => lines[broken][..48] + "12x456789012" + lines[broken][60..], // letters in the amount
                2 => lines[broken][..60] + "7" + lines[broken][61..], // no such posting code
                _ => "076" + lines[broken][3..], // an extension line: skipped, not an error
            };
            var records = Parse(Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\n"));
            var errors = records.OfType<StatementRecord.Error>().Select(e => e.Value).ToList();
            var read = records.OfType<StatementRecord.Transaction>().Count();
            if (damage == 3)
            {
                Assert.Empty(errors);
            }
            else
            {
                Assert.Equal(broken + 1, Assert.Single(errors).Line);
            }

            Assert.Equal(items.Count - 1, read);
        });

    [Fact]
    public void Czech_text_is_read_in_each_encoding_banks_use()
    {
        var items = new[] { new GpcItem(100, Posting.Credit, "123", Text: "Šťastný Žluťoučký") };
        var cp1250 = GpcWriter.ToBytes(Own, "MĚSTO", 1, new DateOnly(2027, 1, 2), items);
        var text = GpcWriter.Encoding1250.GetString(cp1250);
        foreach (var encoding in new[] { GpcWriter.Encoding1250, Encoding.GetEncoding("iso-8859-2"), new UTF8Encoding(false) })
        {
            var bytes = encoding.GetBytes(text);
            Assert.Equal(encoding.WebName, GpcParser.DetectEncoding(bytes).WebName);
            var tx = Assert.Single(Parse(bytes).OfType<StatementRecord.Transaction>()).Value;
            Assert.Equal("Šťastný Žluťoučký", tx.Text);
        }
    }

    private static string Camt(IEnumerable<(decimal Amount, string Direction, string? EndToEnd, string? Ustrd, string Ref)> entries) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
          <BkToCstmrStmt>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2027-03-15T08:00:00</CreDtTm></GrpHdr>
            <Stmt>
              <Id>2027-15</Id>
              <Acct><Id><IBAN>CZ6508000000192000145399</IBAN></Id></Acct>
        {string.Concat(entries.Select(e => $"""
              <Ntry>
                <NtryRef>{e.Ref}</NtryRef>
                <Amt Ccy="CZK">{e.Amount.ToString(CultureInfo.InvariantCulture)}</Amt>
                <CdtDbtInd>{e.Direction}</CdtDbtInd>
                <Sts>BOOK</Sts>
                <BookgDt><Dt>2027-03-14</Dt></BookgDt>
                <AcctSvcrRef>{e.Ref}</AcctSvcrRef>
                <NtryDtls><TxDtls>
                  <Refs>{(e.EndToEnd is null ? "" : $"<EndToEndId>{e.EndToEnd}</EndToEndId>")}</Refs>
                  <RltdPties><Dbtr><Nm>Jana Dvořáková</Nm></Dbtr><DbtrAcct><Id><Othr><Id>2501277007/2010</Id></Othr></Id></DbtrAcct></RltdPties>
                  {(e.Ustrd is null ? "" : $"<RmtInf><Ustrd>{e.Ustrd}</Ustrd></RmtInf>")}
                </TxDtls></NtryDtls>
              </Ntry>
        """))}
            </Stmt>
          </BkToCstmrStmt>
        </Document>
        """;

    [Fact]
    public void Camt053_symbols_are_found_where_Czech_banks_put_them()
    {
        var xml = Camt([
            (840m, "CRDT", "VS:2720000001/SS:/KS:0558", null, "A1"),
            (600.50m, "CRDT", "NOTPROVIDED", "/VS/2710000002/SS/1", "A2"),
            (100m, "DBIT", "2710000003", null, "A3"),
            (5m, "CRDT", null, "bez symbolu", "A4"),
        ]);
        var records = Camt053Parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))).ToList();
        var header = Assert.IsType<StatementRecord.Header>(records[0]).Value;
        Assert.Equal("CZ6508000000192000145399", header.Account);
        Assert.Equal("2027-15", header.Number);
        var txs = records.OfType<StatementRecord.Transaction>().Select(t => t.Value).ToList();
        Assert.Equal(["2720000001", "2710000002", "2710000003", null], txs.Select(t => t.VariableSymbol));
        Assert.Equal([Posting.Credit, Posting.Credit, Posting.Debit, Posting.Credit], txs.Select(t => t.Posting));
        Assert.Equal("558", txs[0].ConstantSymbol);
        Assert.Equal(600.50m, txs[1].Amount);
        Assert.Equal(new DateOnly(2027, 3, 14), txs[0].Date);
        Assert.Equal("2501277007/2010", txs[0].CounterAccount);
        Assert.Equal(4, txs.Select(t => t.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void Generated_camt053_statements_read_back_and_a_broken_file_ends_with_an_error_at_its_line() =>
        Gen.Select(Gen.Decimal[0.01m, 999_999.99m].Select(d => decimal.Round(d, 2)), Gen.Long[1, 9_999_999_999L]).List[1, 20].Sample(entries =>
        {
            var xml = Camt(entries.Select((e, i) => (e.Item1, "CRDT", (string?)("VS:" + e.Item2), (string?)null, "R" + i)));
            var txs = Camt053Parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))).OfType<StatementRecord.Transaction>().Select(t => t.Value).ToList();
            Assert.Equal(entries.Select(e => e.Item1), txs.Select(t => t.Amount));
            Assert.Equal(entries.Select(e => e.Item2.ToString(CultureInfo.InvariantCulture)), txs.Select(t => t.VariableSymbol));

            var cut = xml[..(xml.Length * 2 / 3)];
            var records = Camt053Parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(cut))).ToList();
            var error = Assert.IsType<StatementRecord.Error>(records[^1]).Value;
            Assert.True(error.Line > 0);
        });

    private static Dictionary<string, byte[]> Chunked(Guid id, byte[] file, int size) =>
        file.Chunk(size).Select((c, i) => (StatementChunk.IdFor(id, i), c)).ToDictionary(x => x.Item1, x => x.c);

    [Fact]
    public void A_stored_file_reads_back_byte_for_byte_through_its_chunks_whatever_the_read_sizes() =>
        Gen.Select(Gen.Byte.Array[0, 5_000], Gen.Int[1, 700], Gen.Int[1, 900]).Sample((file, chunkSize, readSize) =>
        {
            var id = Guid.NewGuid();
            var chunks = Chunked(id, file, chunkSize);
            var loads = 0;
            using var stream = new StatementChunkStream(ids => { loads++; return ids.ToDictionary(i => i, i => chunks[i]); }, id, chunks.Count);
            var read = new List<byte>();
            var buffer = new byte[readSize];
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                read.AddRange(buffer.Take(n));
            }

            Assert.Equal(file, read.ToArray());
            Assert.Equal((chunks.Count + StatementChunkStream.ChunksPerLoad - 1) / StatementChunkStream.ChunksPerLoad, loads);
        });

    [Fact]
    public void A_statement_parsed_from_its_chunks_is_the_statement_parsed_whole() =>
        Gen.Select(Items.List[1, 40], Gen.Int[7, 300]).Sample((items, chunkSize) =>
        {
            var bytes = GpcWriter.ToBytes(Own, "MESTO DEMO", 7, new DateOnly(2027, 3, 15), items);
            var id = Guid.NewGuid();
            var chunks = Chunked(id, bytes, chunkSize);
            using var stream = new StatementChunkStream(ids => ids.ToDictionary(i => i, i => chunks[i]), id, chunks.Count);
            Assert.Equal(Parse(bytes), GpcParser.Parse(stream, GpcParser.DetectEncoding(bytes)).ToList());
        });

    [Fact]
    public void A_missing_chunk_stops_the_read_instead_of_ending_the_file_early()
    {
        var id = Guid.NewGuid();
        var chunks = Chunked(id, new byte[100], 10);
        chunks.Remove(StatementChunk.IdFor(id, 4));
        using var stream = new StatementChunkStream(ids => ids.Where(chunks.ContainsKey).ToDictionary(i => i, i => chunks[i]), id, 10);
        var buffer = new byte[100];
        Assert.Throws<InvalidDataException>(() =>
        {
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        });
    }
}

/// <summary>A statement is booked whole or not at all: what <see cref="StatementCheck"/> refuses.</summary>
public sealed class StatementCheckTests
{
    private const string Own = "0000192000145399";
    private static readonly string[] Town = ["19-2000145399/0800"];

    private static readonly Gen<GpcItem> Items = Gen.Select(
        Gen.Decimal[0.01m, 99_999.99m].Select(d => decimal.Round(d, 2)),
        Gen.OneOf(Posting.Credit, Posting.Credit, Posting.Debit, Posting.CreditReversal, Posting.DebitReversal),
        Gen.Long[0, 9_999_999_999L])
        .Select((amount, posting, vs) => new GpcItem(amount, posting, vs == 0 ? null : vs.ToString(CultureInfo.InvariantCulture), Text: "Platba"));

    private static IReadOnlyList<StatementError> Check(byte[] bytes, IReadOnlyCollection<string>? accounts = null)
    {
        var check = new StatementCheck(accounts ?? Town, camt: false);
        foreach (var record in GpcParser.Parse(new MemoryStream(bytes), GpcParser.DetectEncoding(bytes)))
        {
            check.Add(record);
        }

        return check.Finish();
    }

    private static IReadOnlyList<StatementError> CheckCamt(string xml)
    {
        var check = new StatementCheck(Town, camt: true);
        foreach (var record in Camt053Parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))))
        {
            check.Add(record);
        }

        return check.Finish();
    }

    [Fact]
    public void A_whole_statement_of_the_towns_account_passes() =>
        Items.List[0, 30].Sample(items => Assert.Empty(Check(GpcWriter.ToBytes(Own, "MESTO DEMO", 1, new DateOnly(2027, 3, 15), items))));

    [Fact]
    public void A_statement_with_any_single_line_cut_anywhere_is_refused_naming_the_line() =>
        Gen.Select(Items.List[1, 20], Gen.Int[0, 1000], Gen.Int[1, 127]).Sample((items, which, keep) =>
        {
            var lines = GpcWriter.Encoding1250.GetString(GpcWriter.ToBytes(Own, "MESTO DEMO", 1, new DateOnly(2027, 3, 15), items)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var index = which % lines.Length;
            var cut = lines.Select((l, i) => i == index ? l[..keep] : l);
            var last = index == lines.Length - 1;

            // Cut in the middle of the file, or the file ends inside its last line.
            var text = last ? string.Join("\r\n", cut) : string.Join("\r\n", cut) + "\r\n";
            var errors = Check(GpcWriter.Encoding1250.GetBytes(text));
            Assert.Contains(errors, e => e.Line == index + 1);
        });

    [Fact]
    public void A_statement_with_any_total_changed_is_refused() =>
        Gen.Select(Items.List[0, 20], Gen.Int[0, 3], Gen.Decimal[0.01m, 1000m].Select(d => decimal.Round(d, 2))).Sample((items, field, delta) =>
        {
            var credits = items.Where(i => i.Posting == Posting.Credit).Sum(i => i.Amount) - items.Where(i => i.Posting == Posting.CreditReversal).Sum(i => i.Amount);
            var debits = items.Where(i => i.Posting == Posting.Debit).Sum(i => i.Amount) - items.Where(i => i.Posting == Posting.DebitReversal).Sum(i => i.Amount);
            decimal opening = 100_000, closing = opening + credits - debits;
            switch (field)
            {
                case 0: opening += delta; break;
                case 1: closing += delta; break;
                case 2: debits += delta; break;
                default: credits += delta; break;
            }

            var date = new DateOnly(2027, 3, 15);
            var text = GpcWriter.Header(Own, "MESTO DEMO", 1, date, opening, closing, debits, credits) + "\r\n"
                + string.Concat(items.Select((item, i) => GpcWriter.Item(Own, item, date, i + 1) + "\r\n"));
            var errors = Check(GpcWriter.Encoding1250.GetBytes(text));
            Assert.Contains(errors, e => e.Line == 1);
        });

    [Fact]
    public void A_statement_without_a_header_or_of_another_account_is_refused()
    {
        var date = new DateOnly(2027, 3, 15);
        var items = new[] { new GpcItem(600m, Posting.Credit, "2710000001") };
        var bytes = GpcWriter.ToBytes(Own, "MESTO DEMO", 1, date, items);
        Assert.Contains("není účtem obce", Assert.Single(Check(bytes, ["123-4567890123/0100"])).Message);
        Assert.Empty(Check(bytes, ["123-4567890123/0100", "CZ6508000000192000145399"]));
        var headless = GpcWriter.Encoding1250.GetBytes(GpcWriter.Item(Own, items[0], date, 1) + "\r\n");
        Assert.Contains(Check(headless), e => e.Message.Contains("záhlaví", StringComparison.Ordinal));
    }

    private static string Camt(string balances, string entries) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2027-03-15T08:00:00</CreDtTm></GrpHdr>
          <Stmt><Id>S1</Id><Acct><Id><IBAN>CZ6508000000192000145399</IBAN></Id></Acct>
            {balances}
            {entries}
          </Stmt></BkToCstmrStmt></Document>
        """;

    private static string Bal(string code, decimal amount) =>
        $"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"CZK\">{amount.ToString(CultureInfo.InvariantCulture)}</Amt><CdtDbtInd>{(amount < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>2027-03-15</Dt></Dt></Bal>"
            .Replace($">{amount.ToString(CultureInfo.InvariantCulture)}<", $">{Math.Abs(amount).ToString(CultureInfo.InvariantCulture)}<", StringComparison.Ordinal);

    private static string Entry(decimal amount, string direction, string status, string vs) =>
        $"<Ntry><NtryRef>{vs}-{status}</NtryRef><Amt Ccy=\"CZK\">{amount.ToString(CultureInfo.InvariantCulture)}</Amt><CdtDbtInd>{direction}</CdtDbtInd><Sts><Cd>{status}</Cd></Sts><BookgDt><Dt>2027-03-15</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>VS:{vs}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>";

    [Fact]
    public void A_camt_statement_must_add_up_with_booked_entries_only_and_pending_ones_are_read_as_pending()
    {
        var entries = Entry(600, "CRDT", "BOOK", "2710000001") + Entry(50, "DBIT", "BOOK", "1") + Entry(900, "CRDT", "PDNG", "2710000002");
        Assert.Empty(CheckCamt(Camt(Bal("OPBD", 1000) + Bal("CLBD", 1550), entries)));
        Assert.Single(CheckCamt(Camt(Bal("OPBD", 1000) + Bal("CLBD", 2450), entries))); // the pending one is not in the balance
        Assert.Contains("zůstat", Assert.Single(CheckCamt(Camt(string.Empty, entries))).Message);
        var pending = Camt053Parser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Camt(Bal("OPBD", 1000) + Bal("CLBD", 1550), entries))))
            .OfType<StatementRecord.Transaction>().Select(t => t.Value).Single(t => t.VariableSymbol == "2710000002");
        Assert.False(pending.IsBooked);
        Assert.Equal("PDNG", pending.Status);
    }

    [Fact]
    public void A_camt_statement_that_is_not_well_formed_xml_is_refused()
    {
        var whole = Camt(Bal("OPBD", 1000) + Bal("CLBD", 1600), Entry(600, "CRDT", "BOOK", "2710000001"));
        Assert.Empty(CheckCamt(whole));
        var cut = whole[..(whole.IndexOf("</Ntry>", StringComparison.Ordinal) + 7)];
        Assert.NotEmpty(CheckCamt(cut));
    }
}
