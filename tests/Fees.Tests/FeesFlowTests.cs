using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Filing.Contracts;
using Portal.Payments.Contracts;
using Portal.Testing;
using Snapshooter.Xunit;

namespace Portal.Fees.Tests;

/// <summary>Fees through the real host: registration, assessment, the citizen's overview, the clerk's ledger, who sees what.</summary>
public sealed class FeesFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly int Year = DateTime.UtcNow.Year;

    private static object DogRegistration(string name, string birthDate, params (string Dog, string From)[] dogs) => new
    {
        feeCode = "psi",
        payerName = name,
        payerBirthDate = birthDate,
        address = "Lipová 12, 100 00 Město Demo",
        from = dogs.Min(d => d.From),
        property = false,
        reduced = false,
        subjects = dogs.Select(d => new { name = d.Dog, from = d.From }).ToArray(),
    };

    /// <summary>A fees clerk registers one dog from 1 January; answers the clerk and this year's obligation.</summary>
    private async Task<(PortalClient Clerk, Guid ObligationId)> DogOfThisYear(string payer, string born, string dog)
    {
        var clerk = await app.ClerkAsync("fees");
        var created = await clerk.PostJsonAsync("/api/fees/registrations", DogRegistration(payer, born, (dog, $"{Year}-01-01")));
        var registrationId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (clerk, Obligation.IdFor(registrationId, Year));
    }

    [Fact]
    public async Task Unlinking_NIA_takes_the_paired_fees_out_of_the_account_and_the_next_verified_sign_in_pairs_them_again()
    {
        var born = "1977-05-05";
        var (_, obligationId) = await DogOfThisYear("Radka Odpojená", born, "Alík");
        var (citizen, _) = await app.CitizenAsync("Radka Odpojená");
        var pid = "CZ/CZ/" + Guid.NewGuid().ToString("N");
        await citizen.LinkNiaAsync("Radka", "Odpojená", born, pid);
        await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null);

        var profile = await citizen.SubmitAsync(await citizen.GetAsync("/Account/UnlinkNia"), "main form");
        Assert.True(profile.Has("[data-testid=profile-status]"));
        await Wait.UntilAsync(async () =>
        {
            await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
            return (await session.LoadAsync<Obligation>(obligationId))!.CitizenId is null ? (object)true : null;
        });

        // Another person linked to this account later sees none of them; the payer's own NIA sign-in finds them again.
        await citizen.LinkNiaAsync("Jiná", "Osoba", "1990-01-01", "CZ/CZ/" + Guid.NewGuid().ToString("N"));
        Assert.Empty(await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        using var payer = app.Client();
        await payer.PickNiaPersonAsync(await payer.GetAsync("/Account/Nia"), "Radka", "Odpojená", born, pid);
        await Wait.UntilAsync(async () => await payer.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null);
    }

    [Fact]
    public async Task A_payer_entered_by_the_clerk_is_assessed_and_found_by_that_person_after_a_NIA_sign_in_and_by_nobody_else()
    {
        using var clerk = await app.ClerkAsync("fees");
        var created = await clerk.PostJsonAsync("/api/fees/registrations", DogRegistration("Božena Němcová", "1960-02-04", ("Sultán", $"{Year}-01-01")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (citizen, _) = await app.NiaCitizenAsync("Božena", "Němcová", "1960-02-04");
        var fees = await Wait.UntilAsync(async () =>
        {
            var list = await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine");
            return list.Length > 0 ? list : null;
        });
        var fee = Assert.Single(fees);
        Assert.Equal(600m, fee.GetProperty("amount").GetDecimal());
        Assert.Equal(600m, fee.GetProperty("remaining").GetDecimal());
        var page = await citizen.GetAsync("/Fees");
        Assert.Contains("Sultán", page.Text("[data-testid=fees]"));

        // Same name, another date of birth: a different person, who sees nothing and cannot open the ledger.
        var (namesake, _) = await app.NiaCitizenAsync("Božena", "Němcová", "1990-07-07");
        Assert.Empty(await namesake.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.Equal(HttpStatusCode.NotFound, (await namesake.Http.GetAsync($"/api/fees/obligations/{fee.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await namesake.GetAsync($"/Fees/Obligation/{fee.GetProperty("id").GetGuid()}")).Status);

        // A personal account (not verified through NIA) is told why it sees no fees.
        var (personal, _) = await app.CitizenAsync("Božena Němcová");
        Assert.Equal(HttpStatusCode.Forbidden, (await personal.Http.GetAsync("/api/fees/mine")).StatusCode);
        Assert.True((await personal.GetAsync("/Fees")).Has("[data-testid=unverified]"));

        // Citizens do not reach the clerk's pages or API.
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/Fees/Manage")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostJsonAsync("/api/fees/registrations", DogRegistration("X Y", "1960-01-01", ("Z", $"{Year}-01-01")))).StatusCode);
    }

    [Fact]
    public async Task An_approved_dog_form_becomes_a_registration_once_however_often_the_decision_arrives()
    {
        var (citizen, userId) = await app.NiaCitizenAsync("Karel", "Čapek", "1950-01-09");
        var submission = Guid.NewGuid();
        var decided = new SubmissionDecided(submission, "MDEMO 7/" + Year, "poplatek-psi", 1, "fees", userId, true, "Přihláška je úplná.",
            new Dictionary<string, string>
            {
                ["drzitel.name"] = "Karel Čapek",
                ["drzitel.birthDate"] = "1950-01-09",
                ["adresa.street"] = "Lipová 1",
                ["adresa.city"] = "Město Demo",
                ["adresa.zip"] = "100 00",
                ["psi#count"] = "2",
                ["psi[0].jmeno"] = "Dášeňka",
                ["psi[0].plemeno"] = "foxteriér",
                ["psi[0].cip"] = "203164000000001",
                ["psi[0].od"] = $"{Year}-01-01",
                ["psi[1].jmeno"] = "Iris",
                ["psi[1].plemeno"] = "foxteriér",
                ["psi[1].cip"] = "203164000000002",
                ["psi[1].od"] = $"{Year}-07-20",
                ["ulevy"] = "duchodce",
            },
            DateTimeOffset.UtcNow);
        await app.PublishAsync(decided);
        await app.PublishAsync(decided);

        var fees = await Wait.UntilAsync(async () =>
        {
            var list = await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine");
            return list.Length > 0 ? list : null;
        });
        await Task.Delay(500); // the second delivery has had its chance
        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        var registration = Assert.Single(await session.Query<Registration>().Where(r => r.SourceSubmissionId == submission).ToListAsync());
        Assert.True(registration.Reduced);
        Assert.Equal(2, registration.Subjects.Count);
        var fee = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine"));
        Assert.Equal(200m + 150m, fee.GetProperty("amount").GetDecimal()); // pensioner: 200 + 300 × 6/12 (Iris from July... the end of July counts: Jul-Dec)

        // The duplicate handled side by side collides with the first; it is retried and finds the work done, so no
        // dead letter is left for operations to puzzle over.
        var deadLetters = await session.QueryAsync<int>("select count(*)::int from wolverine.wolverine_dead_letters where message_type like ?", "%SubmissionDecided");
        Assert.Equal(0, deadLetters.Single());
    }

    /// <summary>
    /// A dog form granted in part (one of two dogs refused, say) is a registration all the same: it is listed under
    /// "Poplatníci a přihlášky" for the fees clerk to check against the decision, nothing is assessed until the clerk
    /// confirms it (after ending what was refused), then the citizen owes what was granted.
    /// </summary>
    [Fact]
    public async Task A_partly_granted_dog_form_waits_in_the_registrations_for_the_clerk_and_is_assessed_once_confirmed()
    {
        var (citizen, userId) = await app.NiaCitizenAsync("Pavla", "Částečná", "1966-06-16");
        var submission = Guid.NewGuid();
        await app.PublishAsync(new SubmissionDecided(submission, "MDEMO 9/" + Year, "poplatek-psi", 1, "fees", userId, false, "Vyhověno zčásti: pes Bobík není starší tří měsíců.",
            new Dictionary<string, string>
            {
                ["drzitel.name"] = "Pavla Částečná",
                ["drzitel.birthDate"] = "1966-06-16",
                ["adresa.street"] = "Lipová 12",
                ["adresa.city"] = "Město Demo",
                ["adresa.zip"] = "100 00",
                ["psi#count"] = "1",
                ["psi[0].jmeno"] = "Alík",
                ["psi[0].plemeno"] = "kříženec",
                ["psi[0].cip"] = "203164000000011",
                ["psi[0].od"] = $"{Year}-01-01",
            },
            DateTimeOffset.UtcNow, "PartlyApproved", "Přihláška k poplatku ze psů"));

        using var clerk = await app.ClerkAsync("fees");
        var list = await Wait.UntilAsync(async () => await clerk.GetAsync("/Fees/Registrations") is var p && p.Text("[data-testid=registrations]").Contains("Pavla Částečná", StringComparison.Ordinal) ? p : null);
        var row = list.Document.QuerySelectorAll("[data-testid=registrations] tbody tr").Single(r => r.TextContent.Contains("Pavla Částečná", StringComparison.Ordinal));
        Assert.NotNull(row.QuerySelector("[data-testid=needs-review]"));
        Assert.Empty(await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine"));

        var detail = await clerk.GetAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Contains("pes Bobík není starší tří měsíců", detail.Text("[data-testid=review]"));
        Assert.False(detail.Has("[data-testid=obligations] tbody tr"));
        var confirmed = await clerk.SubmitAsync(detail, "[data-testid=review] form");
        Assert.False(confirmed.Has("[data-testid=review]"));
        Assert.True(confirmed.Has("[data-testid=obligations] tbody tr"));
        var fee = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: 1 } fees ? fees : null);
        Assert.Equal(600m, fee[0].GetProperty("amount").GetDecimal());
        citizen.Dispose();
    }

    [Fact]
    public async Task Assessing_a_year_creates_each_obligation_once_and_a_second_run_adds_nothing()
    {
        using var clerk = await app.ClerkAsync("fees");
        for (var i = 0; i < 5; i++)
        {
            await clerk.PostJsonAsync("/api/fees/registrations", DogRegistration($"Držitel Psa {i}", "1970-01-01", ($"Pes {i}", $"{Year - 1}-05-01")));
        }

        var next = Year + 1;
        async Task<JsonElement> RunToEnd()
        {
            var started = await clerk.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = next });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            return await Wait.UntilAsync(async () =>
            {
                var runs = await clerk.GetJsonAsync<JsonElement[]>("/api/fees/assessments");
                var run = runs.Single(r => r.GetProperty("id").GetString() == $"psi-{next}");
                return run.GetProperty("status").GetString() == "Completed" ? new[] { run } : null;
            }).ContinueWith(t => t.Result[0], TaskScheduler.Default);
        }

        var first = await RunToEnd();
        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        var january = new DateOnly(next, 1, 1);
        var active = (await session.Query<Registration>().Where(r => r.FeeCode == "psi" && (r.To == null || r.To >= january)).ToListAsync()).Select(r => r.Id).ToList();
        Assert.Equal(active.Count, first.GetProperty("created").GetInt32() + first.GetProperty("alreadyThere").GetInt32());
        Assert.True(first.GetProperty("created").GetInt32() >= 5);
        var assessed = await session.LoadManyAsync<Obligation>(active.Select(id => Obligation.IdFor(id, next)).ToArray());
        Assert.Equal(active.Count, assessed.Count); // every liable payer has next year's obligation

        var second = await RunToEnd();
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(active.Count, second.GetProperty("alreadyThere").GetInt32());
        Assert.Equal(assessed.Count, (await session.LoadManyAsync<Obligation>(active.Select(id => Obligation.IdFor(id, next)).ToArray())).Count);

        // The page shows the runs with their progress.
        var manage = await clerk.GetAsync("/Fees/Manage");
        Assert.Contains("Dokončeno", manage.Text($"[data-testid=run-psi-{next}]"));
    }

    [Fact]
    public async Task An_interrupted_run_resumes_after_its_checkpoint()
    {
        using var clerk = await app.ClerkAsync("fees");
        for (var i = 0; i < 4; i++)
        {
            // From two years back: assessed at once for that year and this one, so last year is left to the run.
            await clerk.PostJsonAsync("/api/fees/registrations", DogRegistration($"Přerušený {i}", "1971-01-01", ($"Alík {i}", $"{Year - 2}-05-01")));
        }

        var year = Year - 1;
        await using var write = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId);
        var numbers = await write.Query<Registration>().Where(r => r.PayerName.StartsWith("Přerušený")).OrderBy(r => r.Number).Select(r => r.Number).ToListAsync();

        // As if a crash happened after the first two of these were done: the checkpoint says so.
        write.Store(new AssessmentRun { Id = $"psi-{year}", FeeCode = "psi", Year = year, Status = AssessmentStatus.Running, Checkpoint = numbers[1], Runs = 1 });
        await write.SaveChangesAsync();
        await app.PublishAsync(new AssessYear("psi", year));

        var run = await Wait.UntilAsync(async () =>
        {
            await using var q = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
            var r = await q.LoadAsync<AssessmentRun>($"psi-{year}");
            return r!.Status == AssessmentStatus.Completed ? r : null;
        });
        await using var query = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        var registrations = await query.Query<Registration>().Where(r => r.PayerName.StartsWith("Přerušený")).OrderBy(r => r.Number).ToListAsync();
        var assessed = new List<bool>();
        foreach (var r in registrations)
        {
            assessed.Add(await query.LoadAsync<Obligation>(Obligation.IdFor(r.Id, year)) is not null);
        }

        Assert.Equal([false, false, true, true], assessed); // the two before the checkpoint were "done" by the crashed run
        Assert.Equal(2, run.Created);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_with_the_fields()
    {
        using var clerk = await app.ClerkAsync("fees");
        clerk.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("cs");
        var registration = await clerk.PostJsonAsync("/api/fees/registrations", new { feeCode = "psi", payerName = "A", address = "", subjects = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, registration.StatusCode);
        var assessment = await clerk.PostJsonAsync("/api/fees/assessments", new { feeCode = "psi", year = Year + 5 });
        Assert.Equal(HttpStatusCode.BadRequest, assessment.StatusCode);
        var body = new Newtonsoft.Json.Linq.JObject
        {
            ["registration"] = Newtonsoft.Json.Linq.JToken.Parse(await registration.Content.ReadAsStringAsync()),
            ["assessment"] = Newtonsoft.Json.Linq.JToken.Parse(await assessment.Content.ReadAsStringAsync()),
        };
        Snapshot.Match(body, o => o.IgnoreField("registration.traceId").IgnoreField("assessment.traceId"));
    }

    [Fact]
    public async Task A_wrong_account_or_a_rate_with_three_decimals_is_refused_at_its_field_and_nothing_changes()
    {
        using var clerk = await app.ClerkAsync("fees");
        var page = await clerk.GetAsync("/Fees/Manage");
        var refused = await clerk.SubmitAsync(page, "[data-testid=rates-psi]", new Dictionary<string, string?>
        {
            ["Input.Account"] = "19-2000145398/0800",
            ["Input.Rate"] = "600,125",
            ["Input.DueDates"] = "31.13.2026",
            ["Input.ShelterExemptMonths"] = "dva roky",
        });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var summary = refused.Text(".error-summary");
        Assert.Contains("Číslo účtu nemá platný kontrolní součet", summary);
        Assert.Contains("nejvýše dvěma desetinnými místy", summary);
        Assert.Contains("není datum roku", summary);
        Assert.Contains("Osvobození psa z útulku trvá 0 až 120 měsíců", summary);
        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Equal("19-2000145399/0800", (await session.LoadAsync<FeeKind>("psi"))!.Account);

        var saved = await clerk.SubmitAsync(page, "[data-testid=rates-psi]", new Dictionary<string, string?>
        {
            ["Input.Account"] = "CZ65 0800 0000 1920 0014 5399",
            ["Input.Year"] = (Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), // next year: other tests here count on this year's rates
            ["Input.Rate"] = "650",
            ["Input.DueDates"] = $"31.3.{Year + 1}",
            ["Input.ShelterExemptMonths"] = "12",
        });
        Assert.Contains("650,00", saved.Text("main"));
        await using var after = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        var rates = (await after.LoadAsync<FeeKind>("psi"))!.RatesFor(Year + 1)!;
        Assert.Equal((650m, 12), (rates.Rate, rates.ShelterExemptMonths));
        Assert.Equal("24", page.Document.QuerySelector("#shelter-psi")!.GetAttribute("value")); // the default the page offers
    }

    [Fact]
    public async Task Rates_above_the_acts_maxima_are_refused_with_the_paragraph_and_nothing_changes()
    {
        using var clerk = await app.ClerkAsync("fees");
        var page = await clerk.GetAsync("/Fees/Manage");
        var year = (Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dog = await clerk.SubmitAsync(page, "[data-testid=rates-psi]", new Dictionary<string, string?>
        {
            ["Input.Year"] = year,
            ["Input.Rate"] = "1000",
            ["Input.FurtherRate"] = "1600", // more than 150 % of 1 000
            ["Input.ReducedRate"] = "250",
            ["Input.ReducedFurtherRate"] = "301",
            ["Input.DueDates"] = $"31.3.{year}",
        });
        var summary = dog.Text(".error-summary");
        Assert.Contains("§ 2 odst. 4 písm. b)", summary);
        Assert.Contains("§ 2 odst. 4 písm. c)", summary);
        Assert.Contains("§ 2 odst. 4 písm. d)", summary);
        Assert.Contains("zákona č. 565/1990 Sb.", summary);
        var tooHigh = await clerk.SubmitAsync(page, "[data-testid=rates-psi]", new Dictionary<string, string?> { ["Input.Year"] = year, ["Input.Rate"] = "1501", ["Input.DueDates"] = $"31.3.{year}" });
        Assert.Contains("§ 2 odst. 4 písm. a)", tooHigh.Text(".error-summary"));
        var waste = await clerk.SubmitAsync(page, "[data-testid=rates-odpad]", new Dictionary<string, string?> { ["Input.Year"] = year, ["Input.Rate"] = "1250", ["Input.PropertyRate"] = "1201", ["Input.DueDates"] = $"31.3.{year}" });
        Assert.Contains("§ 10e", waste.Text(".error-summary"));

        await using var session = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.True((await session.LoadAsync<FeeKind>("psi"))!.RatesFor(Year + 1)!.Rate <= 1500);
        Assert.True((await session.LoadAsync<FeeKind>("odpad"))!.RatesFor(Year + 1)!.Rate <= 1200);

        // At the maxima it is accepted.
        var atMax = await clerk.SubmitAsync(page, "[data-testid=rates-psi]", new Dictionary<string, string?>
        {
            ["Input.Year"] = (Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Rate"] = "1500",
            ["Input.FurtherRate"] = "2250",
            ["Input.ReducedRate"] = "200",
            ["Input.ReducedFurtherRate"] = "300",
            ["Input.DueDates"] = $"31.3.{Year - 1}",
        });
        Assert.Empty(atMax.Document.QuerySelectorAll(".error-summary"));
    }

    [Fact]
    public async Task Two_dogs_on_one_form_one_from_a_shelter_the_other_pays_and_a_dog_registered_late_is_due_after_it_arrived()
    {
        var (citizen, userId) = await app.NiaCitizenAsync("Věra", "Útulková", "1975-05-05");
        var submission = Guid.NewGuid();
        var arrived = new DateOnly(Year, 11, 20);
        var decided = new SubmissionDecided(submission, "MDEMO 8/" + Year, "poplatek-psi", 2, "fees", userId, true, "Přihláška je úplná.",
            new Dictionary<string, string>
            {
                ["drzitel.name"] = "Věra Útulková",
                ["drzitel.birthDate"] = "1975-05-05",
                ["adresa.street"] = "Lipová 2",
                ["adresa.city"] = "Město Demo",
                ["adresa.zip"] = "100 00",
                ["psi#count"] = "2",
                ["psi[0].jmeno"] = "Azor",
                ["psi[0].plemeno"] = "kříženec",
                ["psi[0].cip"] = "203164000000011",
                ["psi[0].od"] = arrived.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["psi[0].utulek"] = "yes",
                ["psi[1].jmeno"] = "Bety",
                ["psi[1].plemeno"] = "bígl",
                ["psi[1].cip"] = "203164000000012",
                ["psi[1].od"] = arrived.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["psi[1].utulek"] = "no",
            },
            DateTimeOffset.UtcNow);
        await app.PublishAsync(decided);
        var fee = (await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is { Length: > 0 } list ? list : null)).Single();

        // Azor from the shelter pays nothing; Bety is the holder's second dog: 900 × 2/12 (November and December).
        Assert.Equal(150m, fee.GetProperty("amount").GetDecimal());
        Assert.Equal(new DateOnly(Year, 12, 15), DateOnly.Parse(fee.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var ledger = await citizen.GetJsonAsync<JsonElement>($"/api/fees/obligations/{fee.GetProperty("id").GetGuid()}");
        var explained = ledger.GetProperty("entries")[0].GetProperty("text").GetString()!;
        Assert.Contains("Azor", explained);
        Assert.Contains("utulek", explained);
        citizen.Dispose();
    }

    [Fact]
    public async Task Ending_a_registration_recalculates_the_year_it_ends_in_and_zeroes_the_next()
    {
        using var clerk = await app.ClerkAsync("fees");
        var created = await clerk.PostJsonAsync("/api/fees/registrations", DogRegistration("Konec Povinnosti", "1958-08-08", ("Azor", $"{Year}-01-01")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using (var write = app.Service<IDocumentStore>().LightweightSession(PortalApp.TownId))
        {
            // As if next year had been assessed already.
            var registration = (await write.LoadAsync<Registration>(id))!;
            write.Events.StartStream<Obligation>(Obligation.IdFor(id, Year + 1), new Assessed(Obligation.IdFor(id, Year + 1), id, "psi", Year + 1, null, registration.PayerName,
                600, Obligation.SymbolFor("psi", Year + 1, registration.Number), [new Instalment(new DateOnly(Year + 1, 3, 31), 600)], [], DateTimeOffset.UtcNow));
            await write.SaveChangesAsync();
        }

        var page = await clerk.GetAsync($"/Fees/Registrations/{id}");
        var refused = await clerk.SubmitAsync(page, "[data-testid=end-registration]", new Dictionary<string, string?> { ["Input.To"] = $"{Year - 1}-12-31" });
        Assert.Contains("Konec nemůže předcházet začátku", refused.Text(".error-summary"));
        var ended = await clerk.SubmitAsync(page, "[data-testid=end-registration]", new Dictionary<string, string?> { ["Input.To"] = $"{Year}-06-30" });
        Assert.Equal(HttpStatusCode.OK, ended.Status);

        await using var query = app.Service<IDocumentStore>().QuerySession(PortalApp.TownId);
        Assert.Equal(300m, (await query.LoadAsync<Obligation>(Obligation.IdFor(id, Year)))!.Amount); // January to June
        Assert.Equal(0m, (await query.LoadAsync<Obligation>(Obligation.IdFor(id, Year + 1)))!.Amount);
        Assert.Equal(new DateOnly(Year, 6, 30), (await query.LoadAsync<Registration>(id))!.To);
    }

    [Fact]
    public async Task The_clerk_adjusts_and_writes_off_with_a_reason_and_the_ledger_explains_the_balance()
    {
        var (clerk, obligationId) = await DogOfThisYear("Ledger Test", "1955-05-05", "Punťa");
        using var _ = clerk;
        var page = await clerk.GetAsync($"/Fees/Obligation/{obligationId}");

        var refused = await clerk.SubmitAsync(page, "form.card", new Dictionary<string, string?> { ["Input.Amount"] = "-100", ["Input.Reason"] = "" }, ("action", "Adjust"));
        Assert.Contains("Uveďte důvod", refused.FieldError("Input_Reason"));
        var adjusted = await clerk.SubmitAsync(refused, "form.card", new Dictionary<string, string?> { ["Input.Amount"] = "\u2212100,00\u00a0Kč", ["Input.Reason"] = "Pes odešel v průběhu roku" }, ("action", "Adjust"));
        Assert.Equal("500,00 Kč", adjusted.Text("[data-testid=remaining]").Replace('\u00a0', ' '));
        var writtenOff = await clerk.SubmitAsync(adjusted, "form.card", new Dictionary<string, string?> { ["Input.Reason"] = "Nedobytné" }, ("action", "WriteOff"));
        Assert.Equal("0,00 Kč", writtenOff.Text("[data-testid=remaining]").Replace('\u00a0', ' '));
        var ledger = writtenOff.Text("[data-testid=ledger]");
        Assert.Contains("Pes odešel v průběhu roku", ledger);
        Assert.Contains("Nedobytné", ledger);
    }

    [Fact]
    public async Task Payments_settle_in_the_ledger_once_each_in_order_and_the_snapshot_agrees_with_a_replay_of_the_stream()
    {
        var (clerk, obligationId) = await DogOfThisYear("Ledger Order", "1956-06-06", "Alík");
        using var _ = clerk;
        var store = app.Service<IDocumentStore>();
        async Task<Obligation> Paid(decimal amount) => await Wait.UntilAsync(async () =>
        {
            await using var query = store.QuerySession(PortalApp.TownId);
            var o = await query.LoadAsync<Obligation>(obligationId);
            return o?.Paid == amount ? o : null;
        });

        // Two payments of one obligation in one message (one duplicated): both applied, once each, in order.
        PaymentReceived Payment(decimal amount) => new(Guid.CreateVersion7(), obligationId, amount, PaymentChannels.BankTransfer, null, DateTimeOffset.UtcNow);
        var first = Payment(200);
        var second = Payment(100);
        await app.PublishAsync(new PaymentsReceived([first, second, first]));
        await Paid(300);

        // A replayed payment changes nothing; the next one behind it in the same lane shows it was handled.
        await app.PublishAsync(second);
        await app.PublishAsync(Payment(50));
        await Paid(350);

        // Marten's own append (the clerk's adjustment checks the stream version) follows the ledger's appends.
        var page = await clerk.GetAsync($"/Fees/Obligation/{obligationId}");
        var adjusted = await clerk.SubmitAsync(page, "form.card", new Dictionary<string, string?> { ["Input.Amount"] = "-100", ["Input.Reason"] = "Oprava sazby" }, ("action", "Adjust"));
        Assert.Equal("150,00 Kč", adjusted.Text("[data-testid=remaining]").Replace('\u00a0', ' '));

        await using var session = store.QuerySession(PortalApp.TownId);
        var events = await session.Events.FetchStreamAsync(obligationId);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Version));
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence)); // the global order follows the stream's
        Assert.Equal(["Assessed", "PaymentApplied", "PaymentApplied", "PaymentApplied", "Adjusted"], events.Select(e => e.Data.GetType().Name));
        Assert.Equal([200m, 100m, 50m], events.Select(e => e.Data).OfType<PaymentApplied>().Select(p => p.Amount));
        Assert.Equal(5, (await session.Events.FetchStreamStateAsync(obligationId))!.Version);

        var snapshot = (await session.LoadAsync<Obligation>(obligationId))!;
        var replayed = (await session.Events.AggregateStreamAsync<Obligation>(obligationId))!;
        Assert.Equal((replayed.Paid, replayed.Adjustments, replayed.Remaining), (snapshot.Paid, snapshot.Adjustments, snapshot.Remaining));
        Assert.Equal(replayed.AppliedPayments, snapshot.AppliedPayments);
        Assert.Equal(5, (await session.MetadataForAsync(snapshot))!.CurrentRevision);
    }
}
