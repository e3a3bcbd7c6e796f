using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Domain;
using Portal.Forms.Features;
using Portal.Forms.Infrastructure;
using Portal.Identity.Contracts;

namespace Portal.Forms;

/// <summary>The Forms module's one entry point: the form catalogue, drafts, attachments and submission.</summary>
public static class FormsModule
{
    public const string Schema = "forms";

    public static IServiceCollection AddFormsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FormsOptions>(configuration.GetSection(FormsOptions.Section));
        services.AddSingleton(new FormCatalog([]));
        services.AddHostedService<FormCatalogStartup>();
        services.AddSingleton<IdleDraftSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleDraftSweeper>());
        services.ConfigureMarten(m =>
        {
            m.Schema.For<StoredFormDefinition>().DatabaseSchemaName(Schema).Index(d => d.Code);
            m.Schema.For<FormDesign>().DatabaseSchemaName(Schema);
            m.Schema.For<FormChange>().DatabaseSchemaName(Schema).Index(c => c.Code);
            m.Schema.For<Draft>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true).Index(d => d.OwnerId).Index(d => d.UpdatedAt);
            m.Schema.For<Attachment>().DatabaseSchemaName(Schema).Index(a => a.DraftId);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapFormsModule(this IEndpointRouteBuilder endpoints)
    {
        // Attachments are served with the type their content showed, as downloads, never rendered inline.
        endpoints.MapGet("/Forms/Attachments/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var file = await mediator.Send(new DownloadAttachment(id, CurrentUser.From(http.User)!), ct);
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).RequireAuthorization();

        // The designer's JSON download of a version (a published one, or without a number the one being edited).
        endpoints.MapGet("/Forms/Designer/Export/{code}", async (string code, int? version, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var export = await mediator.Send(new ExportDesign(code, version, CurrentUser.From(http.User)!), ct);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(export.Json), "application/json; charset=utf-8", export.FileName);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = PortalRoles.FormManager });

        // The designer for programs (a town's own scripts, sharing forms between towns): the same slices and checks.
        var designer = endpoints.MapGroup("/api/forms/designer").WithTags("Form designer")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = PortalRoles.FormManager });
        designer.MapGet("/", async (HttpContext http, IMediator mediator, CancellationToken ct) => await mediator.Send(new ListDesigns(CurrentUser.From(http.User)!), ct));
        designer.MapGet("/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetDesign(code, CurrentUser.From(http.User)!), ct);
            return new
            {
                view.Design.Id,
                view.Design.Revision,
                view.Design.PublishedVersion,
                view.Design.Withdrawn,
                HasDraft = view.Design.Draft is not null,
                Versions = view.Versions,
                History = view.History.Select(c => new { c.At, c.ByName, Kind = c.Kind.ToString(), c.Version, Details = c.Details.Select(d => d.Cs) }),
            };
        });
        designer.MapPost("/import", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var buffer = new char[FormDefinitionJson.MaxBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            var code = await mediator.Send(new ImportDesign(new string(buffer, 0, read), CurrentUser.From(http.User)!), ct);
            return Results.Created($"/api/forms/designer/{code}", new { code });
        }).Accepts<string>("application/json");
        designer.MapPost("/{code}/publication", async (string code, int revision, HttpContext http, IMediator mediator, CancellationToken ct) =>
            Results.Ok(new { version = await mediator.Send(new PublishDesign(code, revision, CurrentUser.From(http.User)!), ct) }));
        designer.MapPut("/{code}/withdrawal", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new SetDesignWithdrawn(code, true, CurrentUser.From(http.User)!), ct);
            return Results.NoContent();
        });
        designer.MapDelete("/{code}/withdrawal", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new SetDesignWithdrawn(code, false, CurrentUser.From(http.User)!), ct);
            return Results.NoContent();
        });

        var api = endpoints.MapGroup("/api/forms").WithTags("Forms").RequireAuthorization();
        api.MapGet("/", (FormCatalog catalog) => catalog.Latest.Select(f => new { f.Code, f.Version, f.Agenda, Title = f.Title.ToString() }));
        api.MapGet("/drafts", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new ListMyDrafts(CurrentUser.From(http.User)!.Id), ct));
        api.MapPost("/drafts", async (StartDraftRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var id = await mediator.Send(new StartDraft(body.FormCode ?? string.Empty, CurrentUser.From(http.User)!), ct);
            return Results.Created($"/api/forms/drafts/{id}", new { id });
        });
        api.MapGet("/drafts/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var view = await mediator.Send(new GetDraft(id, CurrentUser.From(http.User)!.Id), ct);
            return new { view.Draft.Id, view.Draft.FormCode, view.Draft.FormVersion, view.Draft.Revision, view.Draft.Step, view.Draft.Values, view.Draft.SubmittedAt, view.Draft.ReferenceNumber };
        });
        api.MapPut("/drafts/{id:guid}/steps/{step:int}", async (Guid id, int step, SaveStepRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new SaveDraftStep(id, CurrentUser.From(http.User)!.Id, body.Revision, step, body.Values ?? new Dictionary<string, string>(), body.Next ? StepMove.Next : StepMove.Stay), ct));
        api.MapPost("/drafts/{id:guid}/submission", async (Guid id, SubmitRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new SubmitDraft(id, CurrentUser.From(http.User)!.Id, body.Revision, CurrentUser.From(http.User)!.Level), ct);
            return Results.Accepted($"/api/forms/drafts/{id}");
        });
        api.MapDelete("/drafts/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new DeleteDraft(id, CurrentUser.From(http.User)!.Id), ct);
            return Results.NoContent();
        });
        return endpoints;
    }

    public sealed record StartDraftRequest(string? FormCode);

    public sealed record SaveStepRequest(int Revision, Dictionary<string, string>? Values, bool Next);

    public sealed record SubmitRequest(int Revision);
}
