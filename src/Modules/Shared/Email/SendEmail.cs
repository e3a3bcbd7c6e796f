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
