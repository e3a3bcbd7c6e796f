using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Payments.Statements;

/// <summary>
/// ISO 20022 camt.053 (bank-to-customer statement; the ČBA Czech profile and the versions banks send, 001.02 to
/// 001.08): read entry by entry with an <see cref="XmlReader"/> (memory does not grow with the file). Symbols are
/// looked for where Czech banks put them: <c>EndToEndId</c> (<c>VS:…/SS:…/KS:…</c> or digits alone), the structured
/// creditor reference, <c>Prtry</c> references and the unstructured remittance text (<c>/VS/…</c>). An entry that
/// cannot be read becomes an error with its line number; malformed XML ends the file with an error there. The
/// statement's opening (OPBD/PRCD) and closing (CLBD) booked balances go with its header, each entry's status
/// (BOOK, PDNG, INFO) with the entry, for <see cref="StatementCheck"/>.
/// </summary>
public static partial class Camt053Parser
{
    public static IEnumerable<StatementRecord> Parse(Stream content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };
        using var reader = XmlReader.Create(content, settings);
        var info = (IXmlLineInfo)reader;
        string? account = null;
        var headerSent = false;
        string? statementId = null;
        DateOnly? statementDate = null;
        decimal? opening = null;
        decimal? closing = null;
        var statementLine = 0;
        var more = true;
        var positioned = false; // ReadFrom / ReadElementContent already moved the reader to the next node
        var pending = new List<StatementRecord>(2);
        while (more)
        {
            pending.Clear();
            try
            {
                if (!positioned)
                {
                    more = reader.Read();
                }

                positioned = false;
                if (!more || reader.EOF)
                {
                    break;
                }

                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "Stmt" && !headerSent)
                {
                    // A statement without entries still says what it is (and its balances must agree).
                    headerSent = true;
                    pending.Add(new StatementRecord.Header(new StatementHeader(account, null, statementId, statementDate, opening, closing, null, null, statementLine)));
                }
                else if (reader.NodeType == XmlNodeType.Element)
                {
                    switch (reader.LocalName)
                    {
                        case "Stmt":
                            headerSent = false;
                            account = null;
                            statementId = null;
                            opening = closing = null;
                            statementLine = info.LineNumber;
                            break;
                        case "Bal" when !headerSent:
                            var bal = (XElement)XNode.ReadFrom(reader);
                            positioned = true;
                            var code = Child(bal, "Tp", "CdOrPrtry", "Cd") ?? Child(bal, "Tp", "CdOrPrtry", "Prtry");
                            if (Child(bal, "Amt") is { } balText && decimal.TryParse(balText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var balance))
                            {
                                balance = Child(bal, "CdtDbtInd") == "DBIT" ? -balance : balance;
                                switch (code)
                                {
                                    case "OPBD" or "PRCD":
                                        opening ??= balance;
                                        break;
                                    case "CLBD":
                                        closing ??= balance;
                                        break;
                                }
                            }

                            break;
                        case "Id" when statementId is null && reader.Depth == 3:
                            statementId = reader.ReadElementContentAsString();
                            positioned = true;
                            break;
                        case "CreDtTm" when statementDate is null:
                            statementDate = DateOnly.FromDateTime(DateTime.Parse(reader.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
                            positioned = true;
                            break;
                        case "Acct" when account is null:
                            var acct = (XElement)XNode.ReadFrom(reader);
                            account = Child(acct, "Id", "IBAN") ?? Child(acct, "Id", "Othr", "Id");
                            positioned = true;
                            break;
                        case "Ntry":
                            var line = info.LineNumber;
                            var entry = (XElement)XNode.ReadFrom(reader);
                            positioned = true;
                            if (!headerSent)
                            {
                                headerSent = true;
                                pending.Add(new StatementRecord.Header(new StatementHeader(account, null, statementId, statementDate, opening, closing, null, null, statementLine)));
                            }

                            pending.Add(ReadEntry(entry, line, account));
                            break;
                    }
                }
            }
            catch (XmlException e)
            {
                pending.Add(new StatementRecord.Error(new StatementError(e.LineNumber, "soubor není platné XML: " + e.Message)));
                more = false;
            }
            catch (FormatException e)
            {
                pending.Add(new StatementRecord.Error(new StatementError(info.LineNumber, "neplatná hodnota: " + e.Message)));
            }

            foreach (var record in pending)
            {
                yield return record;
            }
        }
    }

    private static StatementRecord ReadEntry(XElement entry, int line, string? account)
    {
        var amountElement = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "Amt");
        if (amountElement is null || !decimal.TryParse(amountElement.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            return new StatementRecord.Error(new StatementError(line, "záznam nemá platnou částku (Amt)"));
        }

        var direction = Child(entry, "CdtDbtInd");
        var reversal = string.Equals(Child(entry, "RvslInd"), "true", StringComparison.OrdinalIgnoreCase);
        Posting? posting = (direction, reversal) switch
        {
            ("CRDT", false) => Posting.Credit,
            ("DBIT", false) => Posting.Debit,
            ("CRDT", true) => Posting.DebitReversal,
            ("DBIT", true) => Posting.CreditReversal,
            _ => null,
        };
        if (posting is null)
        {
            return new StatementRecord.Error(new StatementError(line, $"záznam nemá směr platby CRDT/DBIT (CdtDbtInd „{direction}“)"));
        }

        var tx = Descendants(entry, "TxDtls").FirstOrDefault();
        var endToEnd = tx is null ? null : Descendants(tx, "EndToEndId").FirstOrDefault()?.Value;
        var creditorRef = tx is null ? null : Descendants(tx, "CdtrRefInf").Select(r => Descendants(r, "Ref").FirstOrDefault()?.Value).FirstOrDefault(v => v is not null);
        var unstructured = string.Join(" ", Descendants(entry, "Ustrd").Select(u => u.Value.Trim()));
        var proprietary = tx is null ? [] : Descendants(tx, "Prtry").Select(p => Descendants(p, "Ref").FirstOrDefault()?.Value ?? p.Value).ToList();
        var texts = new[] { endToEnd, creditorRef, unstructured }.Concat(proprietary).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();

        var vs = Symbol("VS", texts) ?? (endToEnd is { Length: > 0 and <= 10 } e && e.All(char.IsAsciiDigit) ? e.TrimStart('0') : null)
            ?? (creditorRef is { Length: > 0 and <= 10 } c && c.All(char.IsAsciiDigit) ? c.TrimStart('0') : null);
        var dateText = Child(entry, "BookgDt", "Dt") ?? Child(entry, "BookgDt", "DtTm") ?? Child(entry, "ValDt", "Dt");
        DateOnly? date = dateText is null ? null : DateOnly.FromDateTime(DateTime.Parse(dateText, CultureInfo.InvariantCulture));
        var counter = tx is null ? null : Child(tx, "RltdPties", posting is Posting.Credit or Posting.DebitReversal ? "DbtrAcct" : "CdtrAcct", "Id", "IBAN")
            ?? Child(tx, "RltdPties", posting is Posting.Credit or Posting.DebitReversal ? "DbtrAcct" : "CdtrAcct", "Id", "Othr", "Id");
        var name = tx is null ? null : Child(tx, "RltdPties", posting is Posting.Credit or Posting.DebitReversal ? "Dbtr" : "Cdtr", "Nm")
            ?? Child(tx, "RltdPties", "Dbtr", "Pty", "Nm");
        var reference = Child(entry, "AcctSvcrRef") ?? Child(entry, "NtryRef") ?? (tx is null ? null : Descendants(tx, "AcctSvcrRef").FirstOrDefault()?.Value);
        return new StatementRecord.Transaction(new BankTransaction(
            line,
            account,
            counter,
            reference,
            amount,
            amountElement.Attribute("Ccy")?.Value ?? "CZK",
            posting.Value,
            vs,
            Symbol("KS", texts),
            Symbol("SS", texts),
            date,
            string.Join(" ", new[] { name, unstructured }.Where(s => !string.IsNullOrWhiteSpace(s))),
            GpcParser.Fingerprint(account, reference is { Length: > 0 } ? "camt|" + reference + "|" + amount.ToString(CultureInfo.InvariantCulture) : entry.ToString(SaveOptions.DisableFormatting)),
            (Child(entry, "Sts") ?? EntryStatus.Booked).ToUpperInvariant()));
    }

    private static string? Symbol(string key, IEnumerable<string?> texts)
    {
        foreach (var text in texts)
        {
            var match = SymbolPattern().Matches(text ?? string.Empty).FirstOrDefault(m => m.Groups["key"].Value.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                var digits = match.Groups["value"].Value.TrimStart('0');
                return digits.Length > 0 ? digits : null;
            }
        }

        return null;
    }

    private static IEnumerable<XElement> Descendants(XElement element, string localName) => element.Descendants().Where(d => d.Name.LocalName == localName);

    private static string? Child(XElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            current = current.Elements().FirstOrDefault(e => e.Name.LocalName == name);
            if (current is null)
            {
                return null;
            }
        }

        return current.Value.Trim();
    }

    [GeneratedRegex(@"(?:^|[/\s,;])(?<key>VS|SS|KS)[:/\s]?\s*(?<value>\d{1,10})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex SymbolPattern();
}
