using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Shared.Email;

public sealed record EmailMessage(string To, string ToName, string Subject, string TextBody);

public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "portal@localhost";
    public string FromName { get; set; } = "Portál občana";

    /// <summary>SMTP host; when empty, messages are written as .eml files into <see cref="PickupDirectory"/>.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool SmtpStartTls { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>
    /// When a failed delivery is tried again (<c>Email:RetryDelays</c> overrides it): after each of these delays in
    /// turn, about 16 hours in all, then the message goes to the dead letters, where the administrator sees it and can
    /// send it again.
    /// </summary>
    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
         TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8)];
    public string PickupDirectory { get; set; } = "mail-pickup";
}

/// <summary>The SMTP server refused or could not be reached; the message is retried on <see cref="EmailOptions.DefaultRetryDelays"/>.</summary>
public sealed class EmailDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>Sends by SMTP (MailKit) when a host is configured, otherwise drops .eml files into the pickup folder.</summary>
public sealed class MailKitEmailSender(IOptions<EmailOptions> options, Towns.ITowns towns, ILogger<MailKitEmailSender> logger) : IEmailSender
{
    private bool pickupReady;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var mime = new MimeMessage();
        // The sender is the town's (its setting); the installation's only where the town has none.
        var town = Towns.TownContext.CurrentId is { } id ? towns.Find(id) : null;
        mime.From.Add(town is { EmailFrom.Length: > 0 }
            ? new MailboxAddress(town.EmailFromName.Length > 0 ? town.EmailFromName : o.FromName, town.EmailFrom)
            : new MailboxAddress(o.FromName, o.From));
        mime.To.Add(new MailboxAddress(message.ToName, message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.TextBody };

        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            if (!pickupReady)
            {
                Directory.CreateDirectory(o.PickupDirectory);
                pickupReady = true;
            }

            var file = Path.Combine(o.PickupDirectory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");

            // Written whole under another name and renamed: a reader of the folder never sees half a message. A
            // message is a few kilobytes: formatted in memory and written at once (a day's reminders are many).
            var partial = file + ".partial";
            using (var buffer = new MemoryStream())
            {
                await mime.WriteToAsync(buffer, cancellationToken);
                await File.WriteAllBytesAsync(partial, buffer.ToArray(), cancellationToken);
            }

            File.Move(partial, file);
            logger.LogDebug("E-mail '{Subject}' written to {File}", message.Subject, file);
            return;
        }

        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(o.SmtpHost, o.SmtpPort, o.SmtpStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto, cancellationToken);
            if (!string.IsNullOrEmpty(o.SmtpUser))
            {
                await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Marked as a delivery failure: the host retries these on the e-mail schedule (for hours), not the general one.
            throw new EmailDeliveryException($"E-mail to {message.To} not delivered: {e.Message}", e);
        }
    }
}
