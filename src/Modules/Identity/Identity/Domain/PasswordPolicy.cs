using System.Reflection;

namespace Portal.Identity.Domain;

public enum PasswordProblem
{
    None,
    TooShort,
    TooLong,
    TooCommon,
    ContainsPersonalData,
}

/// <summary>
/// The portal's password rule: at least 12 characters (NIST SP 800-63B favours length over composition rules),
/// at most 256, not a common password (also with digits or punctuation around it), not the e-mail or the name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static PasswordProblem Check(string? password, string? email = null, string? name = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return PasswordProblem.TooShort;
        }

        if (password.Length > MaxLength)
        {
            return PasswordProblem.TooLong;
        }

        var lower = password.ToLowerInvariant();
        if (password.Distinct().Count() <= 2 || IsCommon(lower))
        {
            return PasswordProblem.TooCommon;
        }

        var local = email?.Split('@')[0].ToLowerInvariant();
        if ((local is { Length: >= 4 } && lower.Contains(local, StringComparison.Ordinal))
            || (name is not null && name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Any(part => part.Length >= 4 && lower.Contains(part.ToLowerInvariant(), StringComparison.Ordinal) && lower.Length - part.Length < 6)))
        {
            return PasswordProblem.ContainsPersonalData;
        }

        return PasswordProblem.None;
    }

    private static bool IsCommon(string lower)
    {
        if (Common.Value.Contains(lower))
        {
            return true;
        }

        // The common word with digits and punctuation around it ("heslo2026!", "123password") is common too,
        // and so is the same word written twice or more.
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?;:'\"~ ".ToCharArray());
        if (core.Length == 0 || Common.Value.Contains(core))
        {
            return true;
        }

        for (var size = 1; size <= core.Length / 2; size++)
        {
            if (core.Length % size == 0 && string.Concat(Enumerable.Repeat(core[..size], core.Length / size)) == core
                && (size < 4 || Common.Value.Contains(core[..size])))
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Portal.Identity.Domain.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    }
}
