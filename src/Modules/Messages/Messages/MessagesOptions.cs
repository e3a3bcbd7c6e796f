namespace Portal.Messages;

/// <summary>The Messages module's UI texts; Czech is the key, English in MessagesText.en.resx.</summary>
public sealed class MessagesText;
