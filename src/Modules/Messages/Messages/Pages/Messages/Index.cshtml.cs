using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity.Contracts;
using Portal.Messages.Domain;
using Portal.Messages.Features;

namespace Portal.Messages.Pages.Messages;

/// <summary>The message centre: my messages, newest first, filtered by group, marked read one by one or all at once.</summary>
[Authorize]
public sealed class IndexModel(IMediator mediator, MessageText text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public MessagePage Result { get; private set; } = new([], 0, 0, 1, ListMessagesSlice.PageSize);

    public string? Status { get; private set; }

    public MessageView View(Message m) => text.Render(m, CultureInfo.CurrentUICulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Group is { Length: > 0 } && !MessageKinds.Groups.Contains(Group))
        {
            Group = null;
        }

        Status = TempData["messages-status"] as string;
        Result = await mediator.Send(new ListMessages(CurrentUser.From(User)!.Id, Group, Unread, PageNumber), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(List<Guid>? ids, bool all, CancellationToken ct)
    {
        var count = await mediator.Send(new MarkRead(CurrentUser.From(User)!.Id, ids ?? [], all), ct);
        TempData["messages-status"] = count.ToString(CultureInfo.InvariantCulture);
        return RedirectToPage(new { group = Group, unread = Unread ? true : (bool?)null });
    }

    public string Href(string? group, bool unread, int page) =>
        "/Messages" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["group"] = string.IsNullOrEmpty(group) ? null : group,
            ["unread"] = unread ? "true" : null,
            ["p"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        }.Where(x => x.Value is not null));
}
