using Marten;
using Portal.Filing.Contracts;
using Portal.Filing.Domain;
using Portal.Forms.Contracts;
using Portal.Shared;
using Wolverine;

namespace Portal.Filing.Features;

/// <summary>
/// The podatelna receives a submitted form: one podací deník entry (the stream's first event) with the delivery
/// time to the second, a unique identifier and the next číslo jednací of the year. The sequence row, the entry and
/// the outgoing messages commit together (Wolverine applies the transaction), so the numbers have no gaps; the
/// sequence row's optimistic concurrency and a retry keep them unique when registrations race. A message delivered
/// twice finds its stream and adds nothing.
/// </summary>
public static class FormSubmittedHandler
{
    public static async Task<OutgoingMessages> Handle(FormSubmitted message, IDocumentSession session, Portal.Shared.Towns.ITowns towns, TownClock clock, CancellationToken cancellationToken)
    {
        var outgoing = new OutgoingMessages();
        if (await session.Events.FetchStreamStateAsync(message.SubmissionId, cancellationToken) is not null)
        {
            return outgoing;
        }

        var delivered = new DateTimeOffset(message.SubmittedAt.UtcDateTime.Ticks - (message.SubmittedAt.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        // The year of the reference number is the town's: a submission at 00:30 on 1 January in Prague belongs to the
        // new year (it is 23:30 of 31 December in UTC).
        var year = clock.DateOf(delivered).Year;
        var counter = await session.LoadAsync<RegisterYear>(year, cancellationToken) ?? new RegisterYear { Id = year };
        counter.Last++;
        session.Store(counter);

        var town = towns.Current.ReferencePrefix; // each town its own podací deník: its prefix, its yearly series (RegisterYear is the town's)
        var registered = new Registered(
            message.SubmissionId,
            year,
            counter.Last,
            ReferenceNumbers.Format(town, counter.Last, year),
            ReferenceNumbers.Identifier(town, counter.Last, year),
            delivered,
            message.FormCode,
            message.FormVersion,
            message.FormTitle,
            message.Agenda,
            message.CitizenId,
            message.CitizenName,
            message.CitizenEmail,
            message.Values,
            message.Attachments,
            message.Digest,
            message.Identification,
            clock.Now.ToUniversalTime());
        session.Events.StartStream<Submission>(message.SubmissionId, registered);

        // The citizen hears of it (a message, and the receipt by e-mail as they chose) from the Messages module.
        outgoing.Add(new SubmissionRegistered(message.SubmissionId, registered.ReferenceNumber, registered.Identifier, message.Agenda, message.CitizenId, delivered, message.FormTitle, message.Digest));
        return outgoing;
    }
}
