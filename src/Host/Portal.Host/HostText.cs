namespace Portal.Host;

/// <summary>The host's UI texts (layout, errors). Czech text is the key; English is in HostText.en.resx.</summary>
public sealed class HostText;
