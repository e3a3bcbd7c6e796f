namespace Portal.Shared.Email;

/// <summary>
/// Sends an e-mail. Modules publish this through the Marten outbox in the same transaction as the change the
/// e-mail tells about, so a crash between the two never loses the message; Wolverine retries a failed send.
/// </summary>
public sealed record SendEmail(EmailMessage Message);

public static class SendEmailHandler
{
    public static Task Handle(SendEmail command, IEmailSender sender, CancellationToken cancellationToken) =>
        sender.SendAsync(command.Message, cancellationToken);
}

/// <summary>
/// Many e-mails at once (a day's reminders): one durable message per few hundred instead of one each. When the SMTP
/// server fails part-way, what was sent stays sent and the rest goes on as a new batch, retried on the e-mail schedule.
/// </summary>
public sealed record SendEmails(IReadOnlyList<EmailMessage> Messages);

public static class SendEmailsHandler
{
    public static async Task<object[]> Handle(SendEmails command, IEmailSender sender, CancellationToken cancellationToken)
    {
        for (var i = 0; i < command.Messages.Count; i++)
        {
            try
            {
                await sender.SendAsync(command.Messages[i], cancellationToken);
            }
            catch (EmailDeliveryException) when (i > 0)
            {
                return [new SendEmails(command.Messages.Skip(i).ToList())];
            }
        }

        return [];
    }
}
