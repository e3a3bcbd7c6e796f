using Portal.Shared.Towns;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Fees.Contracts;
using Portal.Identity.Contracts;
using Portal.Payments.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Statements;
using Portal.Shared.Validation;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;

namespace Portal.Payments.Features;

/// <summary>
/// A fees clerk uploads a GPC (ABO) or camt.053 statement; the import runs in the background. The file is read as a
/// stream (<paramref name="Open"/> may be called more than once), never whole.
/// </summary>
public sealed record UploadStatement(string FileName, long Length, Func<Stream> Open, CurrentUser Clerk) : IRequest<StatementImport>;

/// <summary>The message that imports a statement, on a durable local queue (a crash redelivers it; it resumes).</summary>
public sealed record ImportStatement(Guid ImportId);

public sealed class UploadStatementSlice(IDocumentSession session, IDocumentStore store, IMartenOutbox outbox, IStringLocalizer<PaymentsText> t, IOptions<PaymentsOptions> options, TimeProvider clock)
    : IRequestHandler<UploadStatement, StatementImport>
{
    /// <summary>How much of the start of a file is read to tell its format and encoding.</summary>
    private const int HeadSize = 1 << 20;

    /// <summary>Chunks written per transaction while the file is stored.</summary>
    private const int ChunksPerCommit = 16;

    public async ValueTask<StatementImport> Handle(UploadStatement request, CancellationToken cancellationToken)
    {
        if (!request.Clerk.IsClerkOf(Agendas.Fees))
        {
            throw new NotPermittedException("Only fees clerks import statements.");
        }

        if (request.Length == 0)
        {
            throw new ValidationFailedException("file", t["Vyberte soubor s výpisem."]);
        }

        if (request.Length > options.Value.MaxStatementBytes)
        {
            throw new ValidationFailedException("file", string.Format(System.Globalization.CultureInfo.CurrentCulture, t["Výpis je příliš velký; nejvýše {0} MB."], options.Value.MaxStatementBytes / 1024 / 1024));
        }

        // First pass: the file's SHA-256 (its identity: the same file uploaded twice is one import) and its head.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[(int)Math.Min(request.Length, HeadSize)];
        var headLength = 0;
        long size = 0;
        var buffer = new byte[StatementChunk.Size];
        await using (var content = request.Open())
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                var toHead = Math.Min(read, head.Length - headLength);
                buffer.AsSpan(0, toHead).CopyTo(head.AsSpan(headLength));
                headLength += toHead;
                size += read;
            }
        }

        head = head[..headLength];
        var format = StatementFormats.Detect(head);
        if (format is null)
        {
            throw new ValidationFailedException("file", t["Soubor není výpis ve formátu ABO/GPC (řádky 074/075) ani ISO 20022 camt.053 (XML)."]);
        }

        var hash = sha.GetHashAndReset();
        var id = new Guid(hash.AsSpan(0, 16));
        if (await session.LoadAsync<StatementImport>(id, cancellationToken) is { } existing)
        {
            if (existing.Status != ImportStatus.Refused)
            {
                return existing;
            }

            // Refused before (perhaps the town's account was added since): checked again from the stored file.
            existing.Status = ImportStatus.Queued;
            existing.Errors = [];
            existing.ErrorCount = 0;
            existing.FinishedAt = null;
            session.Store(existing);
            outbox.Enroll(session);
            await outbox.PublishAsync(new ImportStatement(id));
            await session.SaveChangesAsync(cancellationToken);
            return existing;
        }

        // Second pass: the file stored in chunks, a few per transaction (chunks are keyed by the file's hash, so an
        // upload that stops half-way and is sent again overwrites them).
        var chunks = 0;
        await using (var content = request.Open())
        {
            var pending = new List<StatementChunk>(ChunksPerCommit);
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (filled > 0)
                {
                    pending.Add(new StatementChunk { Id = StatementChunk.IdFor(id, chunks++), Data = buffer[..filled] });
                }

                if (pending.Count == ChunksPerCommit || (filled < buffer.Length && pending.Count > 0))
                {
                    await using var write = store.LightweightSession(TownContext.RequiredId);
                    write.Store<StatementChunk>(pending);
                    await write.SaveChangesAsync(cancellationToken);
                    pending.Clear();
                }

                if (filled < buffer.Length)
                {
                    break;
                }
            }
        }

        var encoding = format == StatementFormats.Gpc ? GpcParser.DetectEncoding(head).WebName : "utf-8";
        var import = new StatementImport
        {
            Id = id,
            FileName = Shared.Files.FileSniffer.SafeName(request.FileName),
            Format = format,
            Encoding = encoding,
            Size = size,
            Chunks = chunks,
            Sha256 = Convert.ToHexString(hash),
            Status = ImportStatus.Queued,
            ImportedBy = request.Clerk.Name,
            UploadedAt = clock.GetUtcNow(),
        };
        session.Insert(import);
        outbox.Enroll(session);
        await outbox.PublishAsync(new ImportStatement(id));
        await session.SaveChangesAsync(cancellationToken);
        return import;
    }
}

internal static class StatementFormats
{
    public const string Gpc = "gpc";
    public const string Camt053 = "camt.053";

    public static string? Detect(byte[] content)
    {
        var head = Encoding.ASCII.GetString(content, 0, Math.Min(content.Length, 4096)).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (head.StartsWith("074", StringComparison.Ordinal) || head.StartsWith("075", StringComparison.Ordinal))
        {
            return Gpc;
        }

        if (head.StartsWith('<') && head.Contains("camt.053", StringComparison.Ordinal))
        {
            return Camt053;
        }

        // UTF-8 BOM read as ASCII
        return content.Length > 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? Detect(content[3..]) : null;
    }
}

/// <summary>
/// The accounts a statement may be of: the town's own, every fee kind's account of the town and the further accounts
/// in its settings. A statement of another town's account is refused.
/// </summary>
public static class TownAccounts
{
    public static async Task<List<string>> ListAsync(IMessageBus bus, TownProfile town, CancellationToken ct)
    {
        var fees = await bus.InvokeAsync<FeeAccounts>(new GetFeeAccounts(), ct);
        return fees.Items.Select(a => a.Account).Concat(town.StatementAccounts.Prepend(town.FeeAccount).Select(a => a.Trim()).Where(a => a.Length > 0))
            .Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// Reads the statement in batches of lines. Per batch: which lines were imported before (fingerprints), the
/// obligations behind the credits' variable symbols (asked of Fees), what Payments has already taken for them, then a
/// payment per credit: matched when symbol and amount fit exactly one obligation, otherwise queued for a clerk with
/// the reason. The payments and lines are written by COPY, then the checkpoint and one <see cref="PaymentsReceived"/>
/// for the Fees ledger commit together (a stop in between is repaired on the next attempt). Before the first batch the
/// whole file is checked (<see cref="StatementCheck"/>): a statement that is cut, does not add up, has a line that
/// cannot be read or is of another account than the town's is refused whole, with the lines named, and nothing of it
/// is booked. Pending (PDNG) and informative (INFO) camt entries are listed, never booked.
/// </summary>
public static class ImportStatementHandler
{
    public const int MaxErrorsKept = 500;

    /// <summary>One message works at most this long, then hands the rest to the next (Wolverine cancels long handlers).</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(20);

    public static async Task<OutgoingMessages> Handle(ImportStatement message, IDocumentStore store, IServiceScopeFactory scopes, IMessageBus bus, IOptions<PaymentsOptions> options, ITowns towns, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var query = store.QuerySession(TownContext.RequiredId);
        var import = await query.LoadAsync<StatementImport>(message.ImportId, cancellationToken);
        if (import is null || import.Status == ImportStatus.Completed)
        {
            return [];
        }

        import.Status = ImportStatus.Running;
        if (!import.Checked)
        {
            // First the whole file is read and checked; only a statement that is whole, adds up and is the town's
            // account's is booked (nothing of a refused one is).
            import.AcceptedAccounts = await TownAccounts.ListAsync(bus, towns.Current, cancellationToken);
            var check = new StatementCheck(import.AcceptedAccounts, import.Format == StatementFormats.Camt053);
            using (var whole = OpenStored(query, import, cancellationToken))
            {
                foreach (var record in Parse(whole, import))
                {
                    check.Add(record);
                }
            }

            var refusal = check.Finish();
            if (refusal.Count > 0)
            {
                import.Status = ImportStatus.Refused;
                import.Errors = [.. refusal];
                import.ErrorCount = check.ErrorCount;
                import.FinishedAt = clock.GetUtcNow();
                await using var refused = store.LightweightSession(TownContext.RequiredId);
                refused.Store(import);
                await refused.SaveChangesAsync(cancellationToken);
                return [];
            }

            import.Checked = true;
        }

        // The parsers pull lines from a stream; it loads the stored file 16 chunks (768 KiB) at a time as they read.
        // The parsers read synchronously, so the loading waits here; this is the import queue's one worker.
        using var stream = OpenStored(query, import, cancellationToken);
        var records = Parse(stream, import);
        var batch = new List<BankTransaction>(options.Value.ImportBatchSize);
        var errors = new List<StatementError>();
        var lastLine = import.Checkpoint;
        foreach (var record in records)
        {
            switch (record)
            {
                case StatementRecord.Header h:
                    import.Account ??= h.Value.Account;
                    import.StatementNumber ??= h.Value.Number;
                    import.StatementDate ??= h.Value.Date;
                    break;
                case StatementRecord.Transaction tx when tx.Value.Line > import.Checkpoint && !tx.Value.IsBooked:
                    import.Unbooked++;
                    if (import.UnbookedEntries.Count < MaxErrorsKept)
                    {
                        var v = tx.Value;
                        import.UnbookedEntries.Add(new UnbookedEntry(v.Line, v.Status, v.Amount, v.Posting is Posting.Credit or Posting.DebitReversal ? "CRDT" : "DBIT", v.VariableSymbol, v.Text));
                    }

                    lastLine = Math.Max(lastLine, tx.Value.Line);
                    break;
                case StatementRecord.Transaction tx when tx.Value.Line > import.Checkpoint:
                    batch.Add(tx.Value);
                    lastLine = tx.Value.Line;
                    break;
                case StatementRecord.Error e when e.Value.Line > import.Checkpoint:
                    errors.Add(e.Value);
                    lastLine = Math.Max(lastLine, e.Value.Line);
                    break;
            }

            if (batch.Count >= options.Value.ImportBatchSize)
            {
                await CommitBatch(import, batch, errors, lastLine, store, scopes, bus, clock, cancellationToken);
                if (started.Elapsed > Slice)
                {
                    return [message]; // the next message goes on from the checkpoint
                }
            }
        }

        import.Status = ImportStatus.Completed;
        import.FinishedAt = clock.GetUtcNow();
        await CommitBatch(import, batch, errors, lastLine, store, scopes, bus, clock, cancellationToken);
        return [];
    }

    private static StatementChunkStream OpenStored(IQuerySession query, StatementImport import, CancellationToken ct) =>
        new(ids => query.LoadManyAsync<StatementChunk>(ct, ids).GetAwaiter().GetResult().ToDictionary(c => c.Id, c => c.Data), import.Id, import.Chunks);

    private static IEnumerable<StatementRecord> Parse(Stream stream, StatementImport import) =>
        import.Format == StatementFormats.Gpc ? GpcParser.Parse(stream, GpcParser.EncodingNamed(import.Encoding)) : Camt053Parser.Parse(stream);

    private static async Task CommitBatch(StatementImport import, List<BankTransaction> batch, List<StatementError> errors, int lastLine, IDocumentStore store, IServiceScopeFactory scopes, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var fingerprints = batch.Select(b => b.Fingerprint).Distinct().ToArray();
        IReadOnlyList<BankLine> seenLines;
        await using (var query = store.QuerySession(TownContext.RequiredId))
        {
            seenLines = await query.Query<BankLine>().Where(l => l.Id.IsOneOf(fingerprints)).ToListAsync(ct);
        }

        // Lines this import wrote in an attempt that stopped before its checkpoint: their payments exist; they are
        // told to the ledger again (it applies each payment once), not recorded twice.
        var repaired = seenLines.Where(l => l.ImportId == import.Id && l.PaymentId is not null).Select(l => l.PaymentId!.Value).ToList();
        var seen = seenLines.Select(l => l.Id).ToHashSet();
        var ownEarlier = seenLines.Where(l => l.ImportId == import.Id).ToDictionary(l => l.Id);
        var symbols = batch.Where(b => b.Posting == Posting.Credit && b.VariableSymbol is not null).Select(b => b.VariableSymbol!).Distinct().ToArray();
        var obligations = symbols.Length == 0
            ? []
            : (await bus.InvokeAsync<PayableObligations>(new FindObligationsBySymbol(symbols), ct)).Items;
        var bySymbol = obligations.ToLookup(o => o.VariableSymbol);
        var received = new List<PaymentReceived>();
        var earlierById = new Dictionary<Guid, Payment>();
        if (repaired.Count > 0)
        {
            await using var query = store.QuerySession(TownContext.RequiredId);
            {
                var earlier = await query.LoadManyAsync<Payment>(ct, repaired);
                earlierById = earlier.ToDictionary(p => p.Id);
                received.AddRange(earlier.Where(p => p.State == PaymentState.Paid && p.ObligationId is not null).Select(p => p.Received()));
            }
        }

        var now = clock.GetUtcNow();
        var payments = new List<Payment>();
        var lines = new List<BankLine>();
        foreach (var tx in batch)
        {
            import.Transactions++;
            if (!seen.Add(tx.Fingerprint))
            {
                // Written by this import before a stop: counted as what it was then, not as a duplicate.
                var mine = ownEarlier.GetValueOrDefault(tx.Fingerprint);
                if (mine?.PaymentId is { } id && earlierById.TryGetValue(id, out var earlier))
                {
                    import.Credits += tx.Posting == Posting.Credit ? 1 : 0;
                    (import.Matched, import.MatchedAmount, import.Queued, import.QueuedAmount) = earlier.State == PaymentState.Paid
                        ? (import.Matched + 1, import.MatchedAmount + earlier.Amount, import.Queued, import.QueuedAmount)
                        : (import.Matched, import.MatchedAmount, import.Queued + 1, import.QueuedAmount + earlier.Amount);
                    continue;
                }

                if (mine is not null && tx.Posting == Posting.Debit)
                {
                    import.Debits++;
                    continue;
                }

                if (mine is null)
                {
                    import.Duplicates++; // another statement's line
                    continue;
                }

                // This import's line whose payment a stopped attempt did not write: written now, with the same id.
            }


            if (tx.Posting == Posting.Debit)
            {
                import.Debits++;
                lines.Add(new BankLine { Id = tx.Fingerprint, ImportId = import.Id });
                continue;
            }

            var payment = new Payment
            {
                Id = PaymentIdFor(import.Id, tx.Fingerprint),
                Channel = PaymentChannels.BankTransfer,
                Amount = tx.Amount,
                Currency = tx.Currency,
                VariableSymbol = tx.VariableSymbol,
                CreatedAt = now,
                ImportId = import.Id,
                StatementLine = tx.Line,
                BookedOn = tx.Date,
                CounterAccount = tx.CounterAccount,
                BankText = tx.Text,
                Description = tx.Text ?? string.Empty,
            };
            lines.Add(new BankLine { Id = tx.Fingerprint, ImportId = import.Id, PaymentId = payment.Id });
            import.Credits += tx.Posting == Posting.Credit ? 1 : 0;

            var candidates = tx.VariableSymbol is null ? [] : bySymbol[tx.VariableSymbol].ToList();
            var reason = Match(tx, candidates, out var obligation);
            if (reason is null)
            {
                received.Add(payment.SettleFor(obligation!, now));
                import.Matched++;
                import.MatchedAmount += tx.Amount;
            }
            else
            {
                payment.State = PaymentState.Unassigned;
                payment.Reason = reason;
                payment.SuggestedObligationId = candidates.Count == 1 ? candidates[0].ObligationId : null;
                import.Queued++;
                import.QueuedAmount += tx.Amount;
            }

            payments.Add(payment);
        }

        // The payments and lines go in by COPY, side by side; then the checkpoint and the message to the ledger commit
        // together. A stop between the two is repaired above on the next attempt.
        // Both may have been written, in part or whole, by an attempt that stopped (a crash, a failed COPY): the ids
        // follow from the import and the line, and what exists is kept, so a retry writes each payment and line once.
        await Task.WhenAll(
            payments.Count > 0 ? store.BulkInsertAsync(TownContext.RequiredId, payments, BulkInsertMode.IgnoreDuplicates, batchSize: payments.Count, cancellation: ct) : Task.CompletedTask,
            lines.Count > 0 ? store.BulkInsertAsync(TownContext.RequiredId, lines, BulkInsertMode.IgnoreDuplicates, batchSize: lines.Count, cancellation: ct) : Task.CompletedTask);

        foreach (var error in errors)
        {
            import.ErrorCount++;
            if (import.Errors.Count < MaxErrorsKept)
            {
                import.Errors.Add(error);
            }
        }

        import.Checkpoint = lastLine;
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        await using var session = store.LightweightSession(TownContext.RequiredId);
        outbox.Enroll(session);
        session.Store(import);
        if (received.Count > 0)
        {
            await outbox.PublishAsync(new PaymentsReceived(received));
        }

        await session.SaveChangesAsync(ct);
        batch.Clear();
        errors.Clear();
    }

    /// <summary>A statement line's payment id: from the import and the line, so every attempt at the line writes the same payment.</summary>
    internal static Guid PaymentIdFor(Guid importId, string fingerprint) => Portal.Shared.Ids.StableGuid.From(importId.ToString("N") + "|" + fingerprint);

    /// <summary>
    /// Null when the credit is tied to exactly one obligation by its variable symbol: it is applied to that obligation
    /// whatever its amount (the ledger covers the instalments in order of due date; a surplus is an overpayment the
    /// clerk refunds or carries). Otherwise why it waits for a clerk: what cannot be tied to an obligation.
    /// </summary>
    internal static QueueReason? Match(BankTransaction tx, IReadOnlyList<PayableObligation> candidates, out PayableObligation? obligation)
    {
        obligation = null;
        if (tx.Posting != Posting.Credit)
        {
            return QueueReason.Reversal;
        }

        if (tx.Currency != "CZK")
        {
            return QueueReason.Currency;
        }

        if (tx.VariableSymbol is null)
        {
            return QueueReason.NoSymbol;
        }

        if (candidates.Count == 0)
        {
            return QueueReason.UnknownSymbol;
        }

        if (candidates.Count > 1)
        {
            return QueueReason.Ambiguous;
        }

        var o = candidates[0];
        if (tx.OwnAccount is { } own && !BankAccounts.Same(own, o.Iban, o.Account))
        {
            // The town's account, but not the one this fee is paid to: the clerk decides (a transfer between accounts).
            return QueueReason.WrongAccount;
        }

        obligation = o;
        return null;
    }
}
