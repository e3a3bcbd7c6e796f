namespace Portal.Identity.Contracts;

/// <summary>How a person's identity is known to the portal.</summary>
public enum AccountKind
{
    /// <summary>Registered with e-mail and password only (unverified).</summary>
    Personal,

    /// <summary>Created by the first sign-in through NIA (verified).</summary>
    Nia,
}

/// <summary>A new citizen account exists (a personal registration or a first NIA sign-in).</summary>
public sealed record CitizenRegistered(Guid UserId, AccountKind Kind, DateTimeOffset At);

/// <summary>An account has been tied to a NIA identity of the given level of assurance.</summary>
public sealed record CitizenVerified(Guid UserId, LevelOfAssurance Level, DateTimeOffset At);

/// <summary>Someone signed in; <paramref name="Method"/> is <see cref="SignInMethods"/>.</summary>
public sealed record SignedIn(Guid UserId, string Method, DateTimeOffset At);

public static class SignInMethods
{
    public const string Password = "password";
    public const string Nia = "nia";
}

/// <summary>
/// A citizen signed in through NIA (every time): the verified name and date of birth as NIA released them, so a
/// module holding records about people from before the portal (fee payers registered on paper) can pair them with
/// this account. Published only for a level of at least substantial. <paramref name="Address"/> is NIA's CurrentAddress
/// (one line, when released): name and date of birth alone are shared by namesakes, so pairing compares it too.
/// </summary>
public sealed record VerifiedSignIn(Guid UserId, string Name, DateOnly? DateOfBirth, LevelOfAssurance Level, DateTimeOffset At, string? Address = null);

/// <summary>
/// The owner removed the NIA identity from the account: whatever a module tied to this account because of that
/// identity (fee payers paired by name and date of birth) no longer belongs to it.
/// </summary>
public sealed record CitizenUnlinked(Guid UserId, DateTimeOffset At);

/// <summary>Where to reach these accounts (for the message centre's e-mail copies); unknown ids are left out.</summary>
public sealed record GetCitizenContacts(IReadOnlyCollection<Guid> Ids);

public sealed record CitizenContacts(IReadOnlyList<CitizenContact> Items);

/// <summary>An account's name and e-mail address (null when it has none, e.g. a NIA account that gave none).</summary>
public sealed record CitizenContact(Guid Id, string Name, string? Email);

/// <summary>
/// The demo town's accounts were created (build/run.sh only): the NIA-linked demo citizen and the filing-office clerk,
/// so other modules can seed what belongs to them.
/// </summary>
public sealed record DemoAccountsSeeded(Guid CitizenId, string CitizenName, string CitizenEmail, DateOnly CitizenBirthDate, Guid FilingClerkId, string FilingClerkName, string? CitizenAddress = null);

/// <summary>
/// What a form may start with for this account (answered in process): the name and e-mail always, the date of birth and
/// the address NIA released only when <paramref name="Verified"/> (the asking session was verified through NIA).
/// </summary>
public sealed record GetPersonPrefill(Guid UserId, bool Verified);

public sealed record PersonPrefill(string Name, string? Email, DateOnly? BirthDate, PrefillAddress? Address);

/// <summary>An address in the parts a form asks for (street and number, town, postcode).</summary>
public sealed record PrefillAddress(string Street, string City, string Zip);
