using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Shared.Email;

namespace Portal.Host.Pages.Dev;

/// <summary>Development only: the e-mails written to the pickup folder, newest first, with clickable links.</summary>
[AllowAnonymous]
public sealed partial class MailModel(IOptions<EmailOptions> options, IHostEnvironment environment) : PageModel
{
    public sealed record Part(string Text, bool IsLink);

    public sealed record Mail(string Subject, string To, DateTimeOffset Date, IReadOnlyList<Part> Parts);

    public IReadOnlyList<Mail> Mails { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? to, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !string.IsNullOrEmpty(options.Value.SmtpHost))
        {
            return NotFound();
        }

        var directory = new DirectoryInfo(options.Value.PickupDirectory);
        var mails = new List<Mail>();
        if (directory.Exists)
        {
            foreach (var file in directory.GetFiles("*.eml").OrderByDescending(f => f.Name).Take(50))
            {
                var message = await MimeMessage.LoadAsync(file.FullName, cancellationToken);
                var recipient = string.Join(", ", message.To.Mailboxes.Select(m => m.Address));
                if (to is not null && !recipient.Contains(to, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                mails.Add(new Mail(message.Subject ?? string.Empty, recipient, message.Date, Split(message.TextBody ?? string.Empty)));
            }
        }

        Mails = mails;
        return Page();
    }

    private static List<Part> Split(string text)
    {
        var parts = new List<Part>();
        var last = 0;
        foreach (Match m in LinkPattern().Matches(text))
        {
            parts.Add(new Part(text[last..m.Index], false));
            parts.Add(new Part(m.Value, true));
            last = m.Index + m.Length;
        }

        parts.Add(new Part(text[last..], false));
        return parts;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
