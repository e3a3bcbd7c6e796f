using Portal.Payments.Domain;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Payments.Features;
using Portal.Payments.Statements;
using Wolverine;

namespace Portal.Payments.Pages.Payments;

/// <summary>One import's report: progress while it runs, then what matched, what waits, or why it was refused.</summary>
[Authorize(Policy = "agenda:" + Agendas.Fees)]
public sealed class StatementModel(IMediator mediator, IMessageBus bus, TimeProvider clock) : PageModel
{
    /// <summary>An import that has not finished this long after its upload is offered to be resumed.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(5);

    public StatementImport Import { get; private set; } = default!;

    /// <summary>The payments the statement's credits became, line by line (matched and paid, or waiting for the clerk).</summary>
    public IReadOnlyList<Payment> Lines { get; private set; } = [];

    /// <summary>The statement's account as the town writes it (one of its accepted accounts), else as the file has it.</summary>
    public string? Account => Import.Account is { } account
        ? Import.AcceptedAccounts.FirstOrDefault(a => BankAccounts.Same(account, a)) ?? account
        : null;

    public bool MayResume => Import.Status is ImportStatus.Queued or ImportStatus.Running && clock.GetUtcNow() - Import.UploadedAt > StuckAfter;

    /// <summary>The clerk uploaded this very file again: the page says it was read before and nothing was booked twice.</summary>
    public bool Again { get; private set; }

    public async Task OnGetAsync(Guid id, bool again, CancellationToken ct)
    {
        Again = again;
        Import = await mediator.Send(new GetImport(id), ct);
        Lines = await mediator.Send(new ListImportLines(id), ct);
    }

    /// <summary>The clerk resumes an import that does not move: it goes on from its checkpoint and writes nothing twice.</summary>
    public async Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken ct)
    {
        Import = await mediator.Send(new GetImport(id), ct);
        if (Import.Status is ImportStatus.Queued or ImportStatus.Running)
        {
            await bus.PublishAsync(new ImportStatement(id));
        }

        return Redirect($"/Payments/Statements/{id}");
    }
}
