using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.Testing;

/// <summary>The pickup folder the portal writes e-mails into when no SMTP server is set.</summary>
public sealed partial class Mailbox(string directory)
{
    public sealed record Mail(string To, string Subject, string Body)
    {
        public string Link(string pathPart) => LinkPattern().Matches(Body).Select(m => m.Value).FirstOrDefault(l => l.Contains(pathPart, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No link with '{pathPart}' in:\n{Body}");
    }

    public IReadOnlyList<Mail> For(string address)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.eml").Order().Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => new Mail(address, m.Subject ?? string.Empty, m.TextBody ?? string.Empty))
            .ToList();
    }

    /// <summary>E-mails leave through the outbox and a durable queue: wait until the n-th one arrives.</summary>
    public async Task<Mail> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            var mails = For(address);
            if (mails.Count >= count)
            {
                return mails[count - 1];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No e-mail #{count} for {address} within the time limit.");
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
