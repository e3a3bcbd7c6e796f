namespace Portal.Shared.Validation;

/// <summary>Thrown when the signed-in person may not do what they asked. Mapped to 403.</summary>
public sealed class NotPermittedException(string message) : Exception(message);

/// <summary>Thrown when what was asked for does not exist (or is not the caller's to see). Mapped to 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);
