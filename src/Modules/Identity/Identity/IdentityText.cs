namespace Portal.Identity;

/// <summary>
/// The Identity module's UI texts. The Czech text is the key (Czech is the default culture); English lives in
/// IdentityText.en.resx beside this file.
/// </summary>
public sealed class IdentityText;
