using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Shared.Validation;

namespace Portal.Forms.Domain;

public enum FieldErrorCode
{
    Required,
    TooShort,
    TooLong,
    NotANumber,
    TooSmall,
    TooLarge,
    NotMoney,
    NotADate,
    NotAnEmail,
    NotAPhone,
    NotAnOption,
    PatternMismatch,
    TooFewItems,
    TooManyItems,
    NotAPostcode,
    NotABirthNumber,
    NotACompanyId,
    NotABankAccount,
    NotADataBox,
}

/// <summary>One problem with one value; <see cref="Path"/> is the value's key ("dogs[1].name").</summary>
public sealed record FieldError(string Path, FieldErrorCode Code, LocalText Label, object? Limit = null, LocalText? Message = null);

/// <summary>
/// The rules of a form definition applied to a draft's values (a flat map of field paths to strings). Pure: no
/// database, no culture beyond parsing numbers with either decimal separator.
/// </summary>
public static partial class FormValidator
{
    public const string CountSuffix = "#count";

    public static IReadOnlyList<FieldError> ValidateStep(FormDefinition form, FormStep step, IReadOnlyDictionary<string, string> values)
    {
        using var patterns = PatternBudget.Enter();
        var errors = new List<FieldError>();
        if (!IsVisible(form, step.VisibleWhen, values))
        {
            return errors;
        }

        foreach (var field in step.Fields.Where(f => IsVisible(form, f.VisibleWhen, values)))
        {
            ValidateField(form, field, field.Name, values, errors);
        }

        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateAll(FormDefinition form, IReadOnlyDictionary<string, string> values)
    {
        using var patterns = PatternBudget.Enter(); // one budget for the whole form, not one per step
        return form.Steps.SelectMany(s => ValidateStep(form, s, values)).ToList();
    }

    /// <summary>
    /// Whether a field or step with this condition is shown: the field it names has one of the values, and that field
    /// is shown itself (its step and its own condition), so a value left in a hidden field never shows anything.
    /// </summary>
    public static bool IsVisible(FormDefinition form, Condition? condition, IReadOnlyDictionary<string, string> values) => IsVisible(form, condition, values, 0);

    /// <summary>
    /// Whether a field of one item of a repeatable group is shown: a condition on a field of the same item reads that
    /// item's value (the field shown itself); a condition on any other field is the form's.
    /// </summary>
    public static bool IsVisibleInItem(FormDefinition form, FormField group, Condition? condition, string itemPath, IReadOnlyDictionary<string, string> values) =>
        IsVisibleInItem(form, group, condition, itemPath, values, 0);

    private static bool IsVisibleInItem(FormDefinition form, FormField group, Condition? condition, string itemPath, IReadOnlyDictionary<string, string> values, int depth)
    {
        if (condition is null)
        {
            return true;
        }

        if (group.Fields.FirstOrDefault(f => f.Name == condition.Field) is not { } sibling)
        {
            return IsVisible(form, condition, values);
        }

        return depth <= 32
            && IsVisibleInItem(form, group, sibling.VisibleWhen, itemPath, values, depth + 1)
            && values.TryGetValue($"{itemPath}.{condition.Field}", out var v) && v.Split(',').Any(condition.In.Contains);
    }

    private static bool IsVisible(FormDefinition form, Condition? condition, IReadOnlyDictionary<string, string> values, int depth)
    {
        if (condition is null)
        {
            return true;
        }

        // A definition with a cycle is refused before it is saved; the depth only guards against one read from elsewhere.
        if (depth > 32 || form.Steps.Select(s => (Step: s, Field: s.Fields.FirstOrDefault(f => f.Name == condition.Field))).FirstOrDefault(x => x.Field is not null) is not { Field: { } field } owner)
        {
            return false;
        }

        return IsVisible(form, owner.Step.VisibleWhen, values, depth + 1)
            && IsVisible(form, field.VisibleWhen, values, depth + 1)
            && values.TryGetValue(condition.Field, out var v) && v.Split(',').Any(condition.In.Contains);
    }

    public static int ItemCount(FormField group, string path, IReadOnlyDictionary<string, string> values) =>
        values.TryGetValue(path + CountSuffix, out var c) && int.TryParse(c, CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 0, group.MaxItems)
            : Math.Max(group.MinItems, 1);

    /// <summary>The value paths a field owns (an address owns three, a group one per item and sub-field).</summary>
    public static IEnumerable<string> Paths(FormField field, string path, IReadOnlyDictionary<string, string> values) => field.Kind switch
    {
        FieldKind.Address => [path + ".street", path + ".city", path + ".zip"],
        FieldKind.Person => [path + ".name", path + ".birthDate", path + ".email"],
        FieldKind.Group => Enumerable.Range(0, ItemCount(field, path, values))
            .SelectMany(i => field.Fields.SelectMany(f => Paths(f, $"{path}[{i}].{f.Name}", values)))
            .Append(path + CountSuffix),
        FieldKind.Static => [],
        _ => [path],
    };

    /// <summary>Keeps only the values the form knows (and that are visible), so nothing foreign is stored or sent.</summary>
    public static Dictionary<string, string> KnownValues(FormDefinition form, IReadOnlyDictionary<string, string> values)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in form.Steps.SelectMany(s => s.Fields))
        {
            foreach (var path in Paths(field, field.Name, values))
            {
                if (values.TryGetValue(path, out var v) && !string.IsNullOrEmpty(v))
                {
                    known[path] = v;
                }
            }
        }

        return known;
    }

    private static void ValidateField(FormDefinition form, FormField field, string path, IReadOnlyDictionary<string, string> values, List<FieldError> errors)
    {
        var label = field.Label;
        switch (field.Kind)
        {
            case FieldKind.Static:
                return;
            case FieldKind.Group:
                var count = ItemCount(field, path, values);
                if (count < field.MinItems)
                {
                    errors.Add(new FieldError(path, FieldErrorCode.TooFewItems, label, field.MinItems));
                }

                for (var i = 0; i < count; i++)
                {
                    foreach (var sub in field.Fields.Where(f => IsVisibleInItem(form, field, f.VisibleWhen, $"{path}[{i}]", values)))
                    {
                        ValidateField(form, sub, $"{path}[{i}].{sub.Name}", values, errors);
                    }
                }

                return;
            case FieldKind.Address:
                Require(path + ".street", field, values, errors);
                Require(path + ".city", field, values, errors);
                if (Require(path + ".zip", field, values, errors) is { } zip && !PostcodePattern().IsMatch(zip))
                {
                    errors.Add(new FieldError(path + ".zip", FieldErrorCode.NotAPostcode, label));
                }

                return;
            case FieldKind.Person:
                Require(path + ".name", field, values, errors);
                if (Get(values, path + ".birthDate") is { } birth && !DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(new FieldError(path + ".birthDate", FieldErrorCode.NotADate, label));
                }

                if (Get(values, path + ".email") is { } mail && !EmailPattern().IsMatch(mail))
                {
                    errors.Add(new FieldError(path + ".email", FieldErrorCode.NotAnEmail, label));
                }

                return;
        }

        var value = Get(values, path);
        if (value is null)
        {
            if (field.Required)
            {
                errors.Add(new FieldError(path, FieldErrorCode.Required, label));
            }

            return;
        }

        var error = Check(field, value);
        if (error is not null)
        {
            errors.Add(error with { Path = path });
        }
    }

    private static FieldError? Check(FormField field, string value)
    {
        var label = field.Label;
        if (field.MinLength is { } minLength && value.Length < minLength)
        {
            return new FieldError(string.Empty, FieldErrorCode.TooShort, label, minLength);
        }

        var maxLength = field.MaxLength ?? (field.Kind == FieldKind.LongText ? 4000 : 200);
        if (value.Length > maxLength)
        {
            return new FieldError(string.Empty, FieldErrorCode.TooLong, label, maxLength);
        }

        switch (field.Kind)
        {
            case FieldKind.Number or FieldKind.Money:
                var read = field.Kind == FieldKind.Money ? CzechNumber.TryParseAmount(value, out var number) : CzechNumber.TryParse(value, out number);
                if (!read || (field.Kind == FieldKind.Number && number != decimal.Truncate(number)))
                {
                    return new FieldError(string.Empty, FieldErrorCode.NotANumber, label);
                }

                if (field.Kind == FieldKind.Money && decimal.Round(number, 2) != number)
                {
                    return new FieldError(string.Empty, FieldErrorCode.NotMoney, label);
                }

                if (field.Min is { } min && number < min)
                {
                    return new FieldError(string.Empty, FieldErrorCode.TooSmall, label, min);
                }

                if (field.Max is { } max && number > max)
                {
                    return new FieldError(string.Empty, FieldErrorCode.TooLarge, label, max);
                }

                break;
            case FieldKind.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return new FieldError(string.Empty, FieldErrorCode.NotADate, label);
            case FieldKind.Email when !EmailPattern().IsMatch(value):
                return new FieldError(string.Empty, FieldErrorCode.NotAnEmail, label);
            case FieldKind.Phone when !PhonePattern().IsMatch(value):
                return new FieldError(string.Empty, FieldErrorCode.NotAPhone, label);
            case FieldKind.Choice when field.Options.All(o => o.Value != value):
                return new FieldError(string.Empty, FieldErrorCode.NotAnOption, label);
            case FieldKind.MultiChoice when value.Split(',').Any(v => field.Options.All(o => o.Value != v)):
                return new FieldError(string.Empty, FieldErrorCode.NotAnOption, label);
            case FieldKind.YesNo when value is not ("yes" or "no"):
                return new FieldError(string.Empty, FieldErrorCode.NotAnOption, label);
        }

        switch (field.Check)
        {
            case FieldCheck.BirthNumber when !CzechIds.IsBirthNumber(value):
                return new FieldError(string.Empty, FieldErrorCode.NotABirthNumber, label);
            case FieldCheck.CompanyId when !CzechIds.IsCompanyId(value):
                return new FieldError(string.Empty, FieldErrorCode.NotACompanyId, label);
            case FieldCheck.Postcode when !CzechIds.IsPostcode(value):
                return new FieldError(string.Empty, FieldErrorCode.NotAPostcode, label);
            case FieldCheck.BankAccount when !CzechIds.IsBankAccount(value):
                return new FieldError(string.Empty, FieldErrorCode.NotABankAccount, label);
            case FieldCheck.DataBox when !CzechIds.IsDataBox(value):
                return new FieldError(string.Empty, FieldErrorCode.NotADataBox, label);
        }

        if (field.Pattern is { } pattern && !MatchesPattern(value, pattern))
        {
            return new FieldError(string.Empty, FieldErrorCode.PatternMismatch, label, Message: field.PatternMessage);
        }

        return null;
    }

    /// <summary>
    /// A designer's pattern, with time limits: one match may run 100 ms, and all matches of one validation together
    /// <see cref="PatternBudget.PerValidation"/>; a pattern that runs too long, or one left when the time is spent,
    /// counts as not matching (so a hostile pattern and many values cannot hold a request for seconds).
    /// </summary>
    public static bool MatchesPattern(string value, string pattern)
    {
        var budget = PatternBudget.Current;
        var limit = budget?.Left() ?? PatternBudget.PerMatch;
        if (limit <= TimeSpan.Zero)
        {
            return false;
        }

        var started = budget?.Start();
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.None, limit < PatternBudget.PerMatch ? limit : PatternBudget.PerMatch);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        finally
        {
            budget?.Spend(started!.Value);
        }
    }

    private static string? Require(string path, FormField field, IReadOnlyDictionary<string, string> values, List<FieldError> errors)
    {
        var value = Get(values, path);
        if (value is null && field.Required)
        {
            errors.Add(new FieldError(path, FieldErrorCode.Required, field.Label));
        }

        return value;
    }

    private static string? Get(IReadOnlyDictionary<string, string> values, string path) =>
        values.TryGetValue(path, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9 ]{9,16}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9]{3} ?[0-9]{2}$")]
    private static partial Regex PostcodePattern();
}

/// <summary>
/// The time the designers' patterns may take in one validation (a step, or a whole form): set up by the outermost
/// validation on this thread (validation is synchronous), read by <see cref="FormValidator.MatchesPattern"/>.
/// </summary>
internal sealed class PatternBudget : IDisposable
{
    public static readonly TimeSpan PerMatch = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan PerValidation = TimeSpan.FromMilliseconds(300);

    [ThreadStatic]
    private static PatternBudget? current;

    private readonly Func<long> clock;
    private readonly bool owner;
    private TimeSpan spent;

    internal PatternBudget(TimeSpan total, Func<long> clock, bool owner)
    {
        Total = total;
        this.clock = clock;
        this.owner = owner;
    }

    public static PatternBudget? Current => current;

    public TimeSpan Total { get; }

    /// <summary>How many patterns were matched (a spent budget matches none).</summary>
    public int Matches { get; private set; }

    /// <summary>Starts a budget unless one is running on this thread (then the outer one counts).</summary>
    public static PatternBudget Enter() => Enter(PerValidation, System.Diagnostics.Stopwatch.GetTimestamp);

    internal static PatternBudget Enter(TimeSpan total, Func<long> clock)
    {
        if (current is { } running)
        {
            return new PatternBudget(running.Total, clock, owner: false);
        }

        current = new PatternBudget(total, clock, owner: true);
        return current;
    }

    public TimeSpan Left() => Total - spent;

    public long Start()
    {
        Matches++;
        return clock();
    }

    public void Spend(long started) => spent += System.Diagnostics.Stopwatch.GetElapsedTime(started, clock());

    public void Dispose()
    {
        if (owner)
        {
            current = null;
        }
    }
}

