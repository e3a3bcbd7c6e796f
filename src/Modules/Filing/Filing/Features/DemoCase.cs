using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portal.Filing.Contracts;
using Portal.Filing.Domain;
using Portal.Forms.Contracts;
using Portal.Identity.Contracts;
using Portal.Shared;
using Wolverine;

namespace Portal.Filing.Features;

/// <summary>
/// The demo town (build/run.sh, <c>Filing:DemoData:Enabled</c>): the demo citizen's general submission, registered the
/// way every submission is, taken by the filing clerk, who asks the citizen to complete it, so the message centre
/// and the answer page have something to show. Once: the submission's id follows from the citizen's.
/// </summary>
public static class DemoCaseHandler
{
    public static async Task Handle(DemoAccountsSeeded e, IDocumentSession session, IMessageBus bus, IConfiguration configuration, Portal.Shared.Towns.ITowns towns, TownClock clock, CancellationToken ct)
    {
        if (!configuration.GetValue<bool>("Filing:DemoData:Enabled"))
        {
            return;
        }

        var id = new Guid(System.Security.Cryptography.SHA256.HashData(e.CitizenId.ToByteArray()).AsSpan(0, 16));
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null)
        {
            return;
        }

        var values = new Dictionary<string, string>
        {
            ["podatel.name"] = e.CitizenName,
            ["adresa.street"] = "Náměstí 1",
            ["adresa.city"] = "Město Demo",
            ["adresa.zip"] = "100 00",
            ["agenda"] = Agendas.Filing,
            ["vec"] = "Žádost o zábor veřejného prostranství",
            ["text"] = "Žádám o povolení záboru chodníku před domem Náměstí 1 na 3 dny kvůli opravě fasády.",
        };
        var now = clock.Now.ToUniversalTime();
        var submitted = new FormSubmitted(id, "obecne-podani", 1, "Obecné podání", Agendas.Filing, e.CitizenId, e.CitizenName, e.CitizenEmail, values, [],
            SubmissionContent.Digest(SubmissionContent.Canonical("obecne-podani", 1, values, [])), now.AddMinutes(-30), SubmitterIdentification.Nia("substantial"));
        foreach (var message in await FormSubmittedHandler.Handle(submitted, session, towns, clock, ct))
        {
            await bus.PublishAsync(message);
        }

        var answerBy = clock.Today.AddDays(15);
        const string asked = "Doložte prosím situační nákres záboru a souhlas vlastníka domu.";
        var registered = (Registered)session.PendingChanges.Streams().Single(s => s.Id == id).Events[0].Data;
        session.Events.Append(id, new Claimed(e.FilingClerkId, e.FilingClerkName, now.AddMinutes(-20)), new CompletionRequested(e.FilingClerkId, e.FilingClerkName, asked, answerBy, now.AddMinutes(-10)));
        await bus.PublishAsync(new SubmissionTaken(id, registered.ReferenceNumber, registered.FormTitle, e.CitizenId, e.FilingClerkName, false, now.AddMinutes(-20)));
        await bus.PublishAsync(new SubmissionCompletionRequested(id, registered.ReferenceNumber, registered.FormTitle, e.CitizenId, asked, answerBy, now.AddMinutes(-10)));
    }
}
