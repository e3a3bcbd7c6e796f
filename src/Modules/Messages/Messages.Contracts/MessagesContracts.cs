namespace Portal.Messages.Contracts;

/// <summary>How many of a citizen's messages are unread (the header's badge).</summary>
public sealed record GetUnreadMessageCount(Guid CitizenId);

public sealed record UnreadMessageCount(int Count);
