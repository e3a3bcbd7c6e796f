using Microsoft.Extensions.Localization;
using System.Text;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Filing.Domain;
using Portal.Filing.Features;
using Portal.Forms.Contracts;
using Portal.Identity.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Portal.Filing;

/// <summary>The Filing module's one entry point: the podatelna's register, clerk inboxes, the citizen's status.</summary>
public static class FilingModule
{
    public const string Schema = "filing";
    public const string RegisterQueue = "filing-register";

    public static IServiceCollection AddFilingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FilingOptions>(configuration.GetSection(FilingOptions.Section));
        services.ConfigureMarten(m =>
        {
            m.Schema.For<RegisterYear>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true);
            m.Schema.For<FilingAttachment>().DatabaseSchemaName(Schema).Index(a => a.SubmissionId);
            m.Schema.For<Submission>().DatabaseSchemaName(Schema).Index(s => s.CitizenId).Index(s => s.Agenda).Index(s => s.DeliveredAt);
            m.Projections.Snapshot<Submission>(SnapshotLifecycle.Inline);
            m.Events.AddEventType<Registered>();
            m.Events.AddEventType<Claimed>();
            m.Events.AddEventType<HandlingStarted>();
            m.Events.AddEventType<CompletionRequested>();
            m.Events.AddEventType<CompletionAnswered>();
            m.Events.AddEventType<DeadlineExtended>();
            m.Events.AddEventType<Decided>();
            m.Events.AddEventType<Closed>();
        });
        services.ConfigureWolverine(o =>
        {
            // Registrations one at a time on this node; the year's sequence row guards across nodes.
            o.LocalQueue(RegisterQueue).Sequential();
            o.PublishMessage<FormSubmitted>().ToLocalQueue(RegisterQueue);
            o.OnException<ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapFilingModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/Filing/Register.csv", async (DateOnly? from, DateOnly? to, string? agenda, SubmissionStatus? status, string? order, HttpContext http, IMediator mediator, Portal.Shared.TownClock town, IStringLocalizer<FilingText> t, CancellationToken ct) =>
        {
            var entries = await mediator.Send(new GetRegister(CurrentUser.From(http.User)!, from, to, agenda, status, order == "delivered"), ct);
            return Results.File(Encoding.UTF8.GetBytes(GetRegisterSlice.Csv(entries, town, t)), "text/csv; charset=utf-8", $"podaci-denik-{town.Today:yyyyMMdd}.csv");
        }).RequireAuthorization(Agendas.Policy(Agendas.Filing));

        endpoints.MapGet("/Filing/Attachments/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var file = await mediator.Send(new DownloadAnswerFile(id, CurrentUser.From(http.User)!), ct);
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).RequireAuthorization();

        var api = endpoints.MapGroup("/api/submissions").WithTags("Filing").RequireAuthorization();
        // What the receipt's SHA-256 is computed over, for the submitter to recompute (sha256sum).
        endpoints.MapGet("/Submissions/{id:guid}/obsah.txt", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetMySubmission(id, CurrentUser.From(http.User)!.Id), ct);
            var s = view.Submission;
            var canonical = Forms.Contracts.SubmissionContent.Canonical(s.FormCode, s.FormVersion, s.Values, s.Attachments);
            return Results.File(Encoding.UTF8.GetBytes(canonical), "text/plain; charset=utf-8", $"obsah-podani-{s.Identifier}.txt");
        }).RequireAuthorization();

        // The documents as PDF/A: the receipt and the decision notice for the submitter, the notice for the agenda's clerks.
        endpoints.MapGet("/Submissions/{id:guid}/potvrzeni.pdf", async (Guid id, HttpContext http, IMediator mediator, IStringLocalizer<FilingText> t, Portal.Shared.TownClock town, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetMySubmission(id, CurrentUser.From(http.User)!.Id), ct);
            return Results.File(SubmissionDocuments.Receipt(view, t, town, towns.Current.Name), "application/pdf", $"potvrzeni-{view.Submission.Identifier}.pdf");
        }).RequireAuthorization();
        endpoints.MapGet("/Submissions/{id:guid}/rozhodnuti.pdf", async (Guid id, HttpContext http, IMediator mediator, IStringLocalizer<FilingText> t, Portal.Shared.TownClock town, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetMySubmission(id, CurrentUser.From(http.User)!.Id), ct);
            return SubmissionDocuments.Decision(view, t, town, towns.Current.Name) is { } pdf ? Results.File(pdf, "application/pdf", $"rozhodnuti-{view.Submission.Identifier}.pdf") : Results.NotFound();
        }).RequireAuthorization();
        endpoints.MapGet("/Filing/Case/{id:guid}/rozhodnuti.pdf", async (Guid id, HttpContext http, IMediator mediator, IStringLocalizer<FilingText> t, Portal.Shared.TownClock town, Portal.Shared.Towns.ITowns towns, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetCase(id, CurrentUser.From(http.User)!), ct);
            return SubmissionDocuments.Decision(view, t, town, towns.Current.Name) is { } pdf ? Results.File(pdf, "application/pdf", $"rozhodnuti-{view.Submission.Identifier}.pdf") : Results.NotFound();
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = PortalRoles.Clerk });

        api.MapGet("/", async (HttpContext http, IMediator mediator, Portal.Shared.TownClock town, CancellationToken ct) =>
            (await mediator.Send(new ListMySubmissions(CurrentUser.From(http.User)!.Id), ct)).Select(s => Summary(s, town)));
        api.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, Portal.Shared.TownClock town, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetMySubmission(id, CurrentUser.From(http.User)!.Id), ct);
            return new { Submission = Summary(view.Submission, town), view.Timeline };
        });
        return endpoints;
    }

    /// <summary>A submission for its submitter: delivered in the town's time (with its offset), the deadline as the town's day.</summary>
    private static object Summary(Submission s, Portal.Shared.TownClock town) => new
    {
        s.Id,
        s.ReferenceNumber,
        s.Identifier,
        s.FormCode,
        s.FormTitle,
        s.Agenda,
        s.Status,
        DeliveredAt = town.ToTown(s.DeliveredAt),
        Deadline = s.DeadlineOn(town.Zone, town.Now),
        s.Approved,
        s.Outcome,
        s.Justification,
        s.Requested,
        s.AnswerBy,
        s.Digest,
    };
}
