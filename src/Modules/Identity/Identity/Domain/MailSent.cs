using Marten;

namespace Portal.Identity.Domain;

/// <summary>When the portal last sent account e-mails to one address (the id is the normalised address).</summary>
public sealed class MailSent
{
    public string Id { get; set; } = string.Empty;
    public List<DateTimeOffset> SentAt { get; set; } = [];

    /// <summary>
    /// Takes one e-mail from the address's hourly allowance in the caller's unit of work; false when it is used up
    /// (the e-mail is then not sent, and the person at the keyboard is told nothing different).
    /// </summary>
    public static async Task<bool> TryTakeAsync(IDocumentSession session, string email, int perHour, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = EmailIndex.Normalize(email);
        var sent = await session.LoadAsync<MailSent>(id, cancellationToken) ?? new MailSent { Id = id };
        sent.SentAt.RemoveAll(at => now - at >= TimeSpan.FromHours(1));
        if (sent.SentAt.Count >= perHour)
        {
            return false;
        }

        sent.SentAt.Add(now);
        session.Store(sent);
        return true;
    }
}
