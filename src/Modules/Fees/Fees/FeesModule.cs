using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Fees.Domain;
using Portal.Fees.Features;
using Portal.Fees.Infrastructure;
using Portal.Identity.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Portal.Fees;

/// <summary>The Fees module's one entry point: fee kinds, registrations, obligations with their ledgers, yearly assessment.</summary>
public static class FeesModule
{
    public const string Schema = "fees";
    public const string AssessmentQueue = "fees-assessment";
    public const string LedgerQueue = "fees-ledger";
    public const string ReminderQueue = "fees-reminders";

    public static IServiceCollection AddFeesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FeesOptions>(configuration.GetSection(FeesOptions.Section));
        services.AddSingleton<FeesMetrics>();
        services.AddHostedService<FeeKindsStartup>();
        services.AddSingleton<ReminderClock>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderClock>());
        if (configuration.GetValue<bool>("Fees:DemoData:Enabled"))
        {
            services.AddHostedService<FeesDemoData>();
        }
        services.ConfigureMarten(m =>
        {
            m.Schema.For<FeeKind>().DatabaseSchemaName(Schema);
            m.Schema.For<RegistrationCounter>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true);
            // (town, fee, number): the assessment walks one town's register of a fee in number order (made at start by
            // FeeKindsStartup, since Marten puts the town last in an index, not first); birth date: payer pairing at each
            // NIA sign-in; created: the clerk's list, newest first.
            m.Schema.For<Registration>().DatabaseSchemaName(Schema)
                .Index(r => r.Number).Index(r => r.CitizenId).IgnoreIndex(FeeKindsStartup.RegisterIndex).Index(r => r.PayerBirthDate).Index(r => r.CreatedAt);
            m.Schema.For<PairingProposal>().DatabaseSchemaName(Schema).Index(p => p.RegistrationId).Index(p => p.UserId);
            m.Schema.For<AssessmentRun>().DatabaseSchemaName(Schema);
            m.Schema.For<ReminderRun>().DatabaseSchemaName(Schema);
            m.Storage.ExtendedSchemaObjects.Add(ReminderLog.Definition());
            m.Schema.For<Obligation>().DatabaseSchemaName(Schema).Index(o => o.CitizenId).Index(o => o.VariableSymbol);
            m.Projections.Snapshot<Obligation>(SnapshotLifecycle.Inline);
            m.Events.AddEventType<Assessed>();
            m.Events.AddEventType<PaymentApplied>();
            m.Events.AddEventType<Adjusted>();
            m.Events.AddEventType<WrittenOff>();
            m.Events.AddEventType<PayerLinked>();
            m.Events.AddEventType<PayerUnlinked>();
            m.Events.AddEventType<OverpaymentRefunded>();
            m.Events.AddEventType<OverpaymentCarried>();
        });
        services.ConfigureWolverine(o =>
        {
            // One assessment at a time on this node; each works its own run document batch by batch.
            o.LocalQueue(AssessmentQueue).Sequential();
            o.PublishMessage<AssessYear>().ToLocalQueue(AssessmentQueue);

            // A day's reminders one message at a time: a second message for the same day finds the run finished.
            o.LocalQueue(ReminderQueue).Sequential();
            o.PublishMessage<SendReminders>().ToLocalQueue(ReminderQueue);

            // The ledger's lanes: each takes its payments one message at a time, and an obligation always goes to the
            // same lane, so two payments for one obligation never race on its snapshot (a card payment and a
            // statement line can arrive together).
            var lanes = Math.Max(1, configuration.GetValue<int?>($"{FeesOptions.Section}:{nameof(FeesOptions.LedgerLanes)}") ?? new FeesOptions().LedgerLanes);
            for (var lane = 0; lane < lanes; lane++)
            {
                o.LocalQueue(Ledger.Lane(lane)).Sequential();
            }
            o.OnException<ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapFeesModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/Fees/Arrears.csv", async (string? fee, int? year, HttpContext http, IMediator mediator, Portal.Shared.TownClock town, Microsoft.Extensions.Localization.IStringLocalizer<FeesText> t, CancellationToken ct) =>
        {
            var code = fee ?? FeeCodes.Dog;
            var y = year ?? town.Today.Year;
            var arrears = await mediator.Send(new GetArrears(code, y, CurrentUser.From(http.User)!), ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(GetArrearsSlice.Csv(arrears, town, t)), "text/csv; charset=utf-8", $"nedoplatky-{code}-{y}-{town.Today:yyyyMMdd}.csv");
        }).RequireAuthorization(Agendas.Policy(Agendas.Fees));

        var api = endpoints.MapGroup("/api/fees").WithTags("Fees").RequireAuthorization();
        api.MapGet("/mine", async (HttpContext http, IMediator mediator, Portal.Shared.TownClock town, CancellationToken ct) =>
        {
            var fees = await mediator.Send(new GetMyFees(CurrentUser.From(http.User)!), ct);
            return fees.Obligations.Select(o => new
            {
                o.Id,
                o.FeeCode,
                Fee = fees.Kinds.TryGetValue(o.FeeCode, out var k) ? k.NameCs : o.FeeCode,
                o.Year,
                o.Amount,
                o.Paid,
                o.Remaining,
                o.Overpaid,
                o.VariableSymbol,
                DueDate = o.NextDueDate,
                Overdue = o.OverdueOn(town.Today),
                Instalments = o.Allocation().Select(a => new { a.DueDate, a.Amount, a.Paid }),
            });
        });
        api.MapGet("/obligations/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var ledger = await mediator.Send(new GetObligationLedger(id, CurrentUser.From(http.User)!), ct);
            return new { ledger.Obligation.Id, ledger.Obligation.Year, ledger.Obligation.Amount, ledger.Obligation.Paid, ledger.Obligation.Remaining, ledger.Obligation.VariableSymbol, ledger.Entries };
        });
        api.MapPost("/registrations", async (RegistrationInput body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var id = await mediator.Send(new RegisterPayer(body, CurrentUser.From(http.User)!), ct);
            return Results.Created($"/api/fees/registrations/{id}", new { id });
        }).RequireAuthorization(Agendas.Policy(Agendas.Fees));
        api.MapPost("/assessments", async (AssessmentRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var run = await mediator.Send(new StartAssessment(body.FeeCode ?? string.Empty, body.Year, CurrentUser.From(http.User)!), ct);
            return Results.Accepted($"/api/fees/assessments", run);
        }).RequireAuthorization(Agendas.Policy(Agendas.Fees));
        api.MapGet("/assessments", async (IMediator mediator, CancellationToken ct) => await mediator.Send(new ListAssessmentRuns(), ct))
            .RequireAuthorization(Agendas.Policy(Agendas.Fees));
        return endpoints;
    }

    public sealed record AssessmentRequest(string? FeeCode, int Year);
}
