using Marten;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Identity.Contracts;
using Portal.Payments.Domain;
using Portal.Payments.Features;
using Portal.Payments.Gateway;
using Portal.Payments.Statements;
using Wolverine;

namespace Portal.Payments;

/// <summary>The Payments module's one entry point: QR Platba, the card gateway, bank statements, payment history.</summary>
public static class PaymentsModule
{
    public const string Schema = "payments";
    public const string ImportQueue = "payments-import";

    public static IServiceCollection AddPaymentsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PaymentsOptions>(configuration.GetSection(PaymentsOptions.Section));
        services.Configure<ComGateOptions>(configuration.GetSection(ComGateOptions.Section));
        services.AddOptions<Shared.Web.ContentSecurityOptions>().Configure<Microsoft.Extensions.Options.IOptions<ComGateOptions>>(
            (csp, gateway) => csp.AllowFormTarget(gateway.Value.BaseUrl)); // "pay by card" redirects to the gateway
        services.AddHttpClient<ICardGateway, ComGateGateway>(c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<PendingCardPaymentsRecheck>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingCardPaymentsRecheck>());
        services.ConfigureMarten(m =>
        {
            m.Schema.For<Payment>().DatabaseSchemaName(Schema).UseOptimisticConcurrency(true)
                .Index(p => p.CitizenId).Index(p => p.ObligationId).Index(p => p.State).Index(p => p.GatewayTransactionId);
            m.Schema.For<BankLine>().DatabaseSchemaName(Schema);
            m.Schema.For<StatementImport>().DatabaseSchemaName(Schema);
            m.Schema.For<StatementChunk>().DatabaseSchemaName(Schema);
        });
        services.ConfigureWolverine(o =>
        {
            o.LocalQueue(ImportQueue).Sequential();
            o.PublishMessage<ImportStatement>().ToLocalQueue(ImportQueue);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPaymentsModule(this IEndpointRouteBuilder endpoints)
    {
        // QR Platba images of my own unpaid obligations.
        endpoints.MapGet("/Payments/Qr/{id:guid}.{format:regex(^(png|svg)$)}", async (Guid id, string format, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var instruction = await mediator.Send(new GetPaymentInstruction(id, CurrentUser.From(http.User)!), ct);
            http.Response.Headers.CacheControl = "private, no-store";
            if (instruction.Spayd is null)
            {
                return Results.NotFound(); // paid: nothing to scan
            }

            return format == "png"
                ? Results.File(QrPlatba.Png(instruction.Spayd), "image/png")
                : Results.Text(QrPlatba.Svg(instruction.Spayd), "image/svg+xml");
        }).RequireAuthorization();

        // The payment instruction (with its QR code) and a payment's receipt as PDF/A documents.
        endpoints.MapGet("/Payments/Instruction/{id:guid}/pdf", async (Guid id, HttpContext http, IMediator mediator, Microsoft.Extensions.Localization.IStringLocalizer<PaymentsText> t, Shared.TownClock town, Shared.Towns.ITowns towns, CancellationToken ct) =>
        {
            var instruction = await mediator.Send(new GetPaymentInstruction(id, CurrentUser.From(http.User)!), ct);
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(PaymentDocuments.Instruction(instruction, t, town, towns.Current.Name), "application/pdf", $"platebni-udaje-{instruction.Obligation.VariableSymbol}.pdf");
        }).RequireAuthorization();
        endpoints.MapGet("/Payments/Receipt/{id:guid}/pdf", async (Guid id, HttpContext http, IMediator mediator, Microsoft.Extensions.Localization.IStringLocalizer<PaymentsText> t, Shared.TownClock town, Shared.Towns.ITowns towns, CancellationToken ct) =>
        {
            var payment = await mediator.Send(new GetPayment(id, CurrentUser.From(http.User)!), ct);
            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(PaymentDocuments.Receipt(payment, t, town, towns.Current.Name), "application/pdf", $"potvrzeni-o-platbe-{payment.Id:N}.pdf");
        }).RequireAuthorization();

        // ComGate's push notification: verified by the shared secret, then re-checked with the gateway. ComGate
        // expects 200 with code=0 whenever the shop took the message (also when nothing changed).
        endpoints.MapPost("/api/payments/comgate", async (HttpContext http, ICardGateway gateway, IMediator mediator, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return Results.Text("code=1&message=Expected a form", "application/x-www-form-urlencoded", statusCode: StatusCodes.Status400BadRequest);
            }

            var form = await http.Request.ReadFormAsync(ct);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            if (gateway.VerifyNotification(fields) is not { } transactionId)
            {
                return Results.Text("code=1&message=Unauthorized", "application/x-www-form-urlencoded", statusCode: StatusCodes.Status400BadRequest);
            }

            await mediator.Send(new ConfirmCardPayment(transactionId), ct);
            return Results.Text("code=0&message=OK", "application/x-www-form-urlencoded");
        }).DisableAntiforgery().AllowAnonymous().WithTags("Payments");

        // Development aid (like /Dev/Mail): a GPC statement that pays the rest of the obligation with this variable
        // symbol, so the clerk's import can be tried in build/run.sh without a bank. Fees clerks only.
        if (endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().IsDevelopment())
        {
            endpoints.MapGet("/Dev/Statement.gpc", async (string vs, IMessageBus bus, Shared.TownClock town, CancellationToken ct) =>
            {
                var found = (await bus.InvokeAsync<Fees.Contracts.PayableObligations>(new Fees.Contracts.FindObligationsBySymbol([vs]), ct)).Items;
                if (found.Count != 1)
                {
                    return Results.NotFound();
                }

                var o = found[0];
                var today = town.Today;
                var own = Shared.Banking.BankAccount.Parse(o.Account);
                var bytes = GpcWriter.ToBytes(own.Prefix.PadLeft(6, '0') + own.Number.PadLeft(10, '0'), "MESTO DEMO", today.DayOfYear, today,
                    [new GpcItem(o.Remaining, Posting.Credit, o.VariableSymbol, Text: o.PayerName)]);
                return Results.File(bytes, "text/plain; charset=windows-1250", $"vypis-{o.VariableSymbol}.gpc");
            }).RequireAuthorization(Agendas.Policy(Agendas.Fees));
        }

        var api = endpoints.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization();
        api.MapGet("/mine", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(new ListMyPayments(CurrentUser.From(http.User)!), ct)).Select(p => new { p.Id, p.Channel, p.State, p.Amount, p.VariableSymbol, p.Description, p.CreatedAt, p.PaidAt, p.Parts }));
        api.MapGet("/instructions/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var i = await mediator.Send(new GetPaymentInstruction(id, CurrentUser.From(http.User)!), ct);
            return new
            {
                i.Obligation.Iban,
                i.Obligation.Account,
                Amount = i.Obligation.Remaining,
                i.Obligation.VariableSymbol,
                i.Obligation.DueDate,
                i.Obligation.Message,
                i.Spayd,
                i.IsPaid,
                Receipts = i.Payments.Select(p => new { p.Id, p.Amount, p.Channel, p.PaidAt, Url = $"/Payments/Receipt/{p.Id}" }),
            };
        });
        // Statements are uploaded on the clerk's page (multipart with an antiforgery token), not through the API.
        api.MapGet("/statements/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => await mediator.Send(new GetImport(id), ct))
            .RequireAuthorization(Agendas.Policy(Agendas.Fees));
        api.MapGet("/queue", async (IMediator mediator, CancellationToken ct) => await mediator.Send(new ListUnassignedPayments(), ct))
            .RequireAuthorization(Agendas.Policy(Agendas.Fees));
        return endpoints;
    }
}
