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

    /// <summary>
    /// Each file parsed once (the portal writes a file whole and renames it into place, so a listed file is complete):
    /// a fixture's folder grows to hundreds of e-mails, and parsing them all on every poll made waits slow on a busy
    /// machine.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string[] To, string Subject, string Body)> parsed = new(StringComparer.Ordinal);

    public IReadOnlyList<Mail> For(string address)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.eml").Order().Select(f => parsed.GetOrAdd(f, Parse))
            .Where(m => m.To.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => new Mail(address, m.Subject, m.Body))
            .ToList();
    }

    private static (string[] To, string Subject, string Body) Parse(string file)
    {
        var message = MimeMessage.Load(file);
        return (message.To.Mailboxes.Select(a => a.Address).ToArray(), message.Subject ?? string.Empty, message.TextBody ?? string.Empty);
    }

    /// <summary>
    /// E-mails leave through the outbox and a durable queue: wait until the n-th one arrives. The limit is generous
    /// (a minute): a wait ends as soon as the e-mail is there, and a machine busy with a parallel build or the browser
    /// tests delays delivery by many seconds without anything being wrong.
    /// </summary>
    public async Task<Mail> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
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
