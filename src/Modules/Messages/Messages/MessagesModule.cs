using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using Portal.Messages.Domain;
using Portal.Messages.Features;
using Portal.Shared.Web;

namespace Portal.Messages;

/// <summary>
/// The Messages module's one entry point: the citizen's message centre ("Zprávy") and the e-mail copies. It owns no
/// other module's data: it listens to their events (Filing, Fees, Forms) and asks Identity where to write.
/// </summary>
public static class MessagesModule
{
    public const string Schema = "messages";

    public static IServiceCollection AddMessagesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MessageText>();
        services.ConfigureMarten(m =>
        {
            m.Schema.For<Message>().DatabaseSchemaName(Schema).Index(x => x.CitizenId).Index(x => x.At);
            m.Schema.For<MessagePreferences>().DatabaseSchemaName(Schema);
            m.Storage.ExtendedSchemaObjects.Add(EmailLog.Definition());
        });
        return services;
    }

    public static IEndpointRouteBuilder MapMessagesModule(this IEndpointRouteBuilder endpoints)
    {
        // Opening a message marks it read and goes where the citizen acts on it (only ever a path inside the portal).
        endpoints.MapGet("/Messages/{id:guid}/open", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var link = await mediator.Send(new OpenMessage(CurrentUser.From(http.User)!.Id, id), ct);
            return Results.LocalRedirect(SafeRedirect.IsLocal(link) ? link : "/Messages");
        }).RequireAuthorization();

        var api = endpoints.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization();
        api.MapGet("/", async (string? group, bool? unread, int? page, HttpContext http, IMediator mediator, MessageText text, CancellationToken ct) =>
        {
            var result = await mediator.Send(new ListMessages(CurrentUser.From(http.User)!.Id, group, unread ?? false, page ?? 1), ct);
            return new
            {
                result.Total,
                result.Unread,
                result.Page,
                Items = result.Items.Select(m =>
                {
                    var view = text.Render(m, System.Globalization.CultureInfo.CurrentUICulture);
                    return new { m.Id, m.Kind, Group = MessageKinds.Of(m.Kind).Group, m.At, view.Title, view.Body, m.Link, Read = m.IsRead };
                }),
            };
        });
        return endpoints;
    }
}
