using Portal.Shared.Towns;
using Marten;
using Microsoft.Extensions.Hosting;
using Portal.Fees.Domain;
using Portal.Identity.Contracts;
using Wolverine;

namespace Portal.Fees.Features;

/// <summary>
/// The demo town's payers as a town would have them from its old system: registrations without portal accounts,
/// assessed for the current year. The NIA emulator's persons (Jana Dvořáková, Marie Svobodová, Jan Novák) find their
/// fees after their first NIA sign-in, through the same pairing a real town relies on. Only when
/// <c>Fees:DemoData:Enabled</c> (build/run.sh), and only into an empty register.
/// </summary>
internal sealed class FeesDemoData(IDocumentStore store, ITowns towns, TimeProvider clock, Portal.Shared.TownClock town) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var each in towns.All)
        {
            using var inTown = TownContext.Enter(each.Id);
            await SeedAsync(each, cancellationToken);
        }
    }

    private async Task SeedAsync(TownProfile profile, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(profile.Id);
        if (await session.Query<Registration>().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var year = town.Today.Year;
        DateOnly D(int y, int m, int d) => new(y, m, d);
        var payers = new[]
        {
            new RegistrationInput(FeeCodes.Dog, "Jana Dvořáková", D(1985, 4, 12), "jana.dvorakova@demo.portal", "Náměstí 1, 100 00 Město Demo", D(2019, 5, 1), false, false, null,
                [new FeeSubject { Name = "Rex (labradorský retrívr)", From = D(2019, 5, 1) }, new FeeSubject { Name = "Bety (bígl)", From = D(year, 3, 10) }], null),
            // A dog kept since twelve days ago: due by the late rule (the 15th of the next month), a fee due soon.
            new RegistrationInput(FeeCodes.Dog, "Jana Dvořáková", D(1985, 4, 12), "jana.dvorakova@demo.portal", "Náměstí 1, 100 00 Město Demo", town.Today.AddDays(-12), false, false, null,
                [new FeeSubject { Name = "Max (kříženec, z útulku v roce 2018)", From = town.Today.AddDays(-12) }], null),
            new RegistrationInput(FeeCodes.Waste, "Jana Dvořáková", D(1985, 4, 12), "jana.dvorakova@demo.portal", "Náměstí 1, 100 00 Město Demo", D(2015, 1, 1), false, false, null,
                [
                    new FeeSubject { Name = "Jana Dvořáková", BirthDate = D(1985, 4, 12), From = D(2015, 1, 1) },
                    new FeeSubject { Name = "Tomáš Dvořák", BirthDate = D(1983, 2, 2), From = D(2015, 1, 1) },
                    new FeeSubject { Name = "Anna Dvořáková", BirthDate = D(year - 4, 6, 1), From = D(year - 4, 6, 1), Exemption = "dite" },
                ], null),
            new RegistrationInput(FeeCodes.Dog, "Marie Svobodová", D(1948, 2, 5), null, "Zahradní 7, 100 00 Město Demo", D(2016, 8, 1), false, true, null,
                [new FeeSubject { Name = "Ferda (jezevčík)", From = D(2016, 8, 1) }], null),
            new RegistrationInput(FeeCodes.Waste, "Jan Novák", D(1971, 9, 30), "jan.novak@example.cz", "Lipová 12, 100 00 Město Demo, č. p. 412", D(2020, 1, 1), true, false, null, [], null),
            new RegistrationInput(FeeCodes.Waste, "Josef Veselý", D(1962, 11, 3), null, "Polní 5, 100 00 Město Demo", D(2010, 1, 1), false, false, null,
                [new FeeSubject { Name = "Josef Veselý", BirthDate = D(1962, 11, 3), From = D(2010, 1, 1) }], null),
        };
        foreach (var input in payers)
        {
            await RegistrationBook.CreateAsync(session, Guid.CreateVersion7(now), input, "demo", now, year, cancellationToken);
            await session.SaveChangesAsync(cancellationToken); // one at a time: each takes the next registration number
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The demo citizen's account was created already linked to NIA (Identity's demo data): her payer records are paired
/// with it as her first NIA sign-in would, so her fees, reminders and messages are there from the start. Waits (a
/// retry) until the demo register is written.
/// </summary>
public static class DemoPairingHandler
{
    public static async Task<OutgoingMessages> Handle(DemoAccountsSeeded e, IDocumentSession session, Microsoft.Extensions.Configuration.IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        if (!Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<bool>(configuration, "Fees:DemoData:Enabled"))
        {
            return [];
        }

        if (!await session.Query<Registration>().AnyAsync(ct))
        {
            throw new InvalidOperationException("The demo fee register is not written yet; tried again.");
        }

        return await VerifiedSignInHandler.Handle(new VerifiedSignIn(e.CitizenId, e.CitizenName, e.CitizenBirthDate, LevelOfAssurance.Substantial, clock.GetUtcNow(), e.CitizenAddress), session, clock, ct);
    }
}
