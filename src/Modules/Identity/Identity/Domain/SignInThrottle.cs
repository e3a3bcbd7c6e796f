namespace Portal.Identity.Domain;

/// <summary>
/// Wrong passwords counted for one key: an address typed into the sign-in form (known or not, so the answer
/// tells nothing about which addresses have accounts), that address from one client, or one client on any address.
/// </summary>
public sealed class SignInThrottle
{
    public string Id { get; set; } = string.Empty;
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }

    public static string ForAccount(string normalizedEmail) => "a:" + normalizedEmail;

    public static string ForPair(string normalizedEmail, string client) => "p:" + normalizedEmail + "|" + client;

    public static string ForClient(string client) => "c:" + client;

    /// <summary>Failures older than the policy's memory are forgotten.</summary>
    public int CurrentFailures(DateTimeOffset now, SignInDelayPolicy policy) => now - LastFailureAt > policy.Memory ? 0 : Failures;

    public void RecordFailure(DateTimeOffset now, SignInDelayPolicy policy)
    {
        Failures = CurrentFailures(now, policy) + 1;
        LastFailureAt = now;
    }

    /// <summary>Until when a further attempt on this key waits, given how many tries are free.</summary>
    public DateTimeOffset WaitUntil(DateTimeOffset now, int freeAttempts, SignInDelayPolicy policy) =>
        LastFailureAt + policy.Delay(CurrentFailures(now, policy), freeAttempts);
}

/// <summary>
/// Instead of a hard lock (which lets anyone lock a clerk out with five wrong passwords), every wrong password
/// beyond the free ones doubles the wait before the next try: 1 s, 2 s, 4 s, ... up to <see cref="MaxDelay"/>.
/// The account's own wait applies only to clients that failed on it, so the owner's right password from a client
/// that did not fail still gets in.
/// </summary>
public sealed record SignInDelayPolicy(int FreePerAccount, int FreePerPair, int FreePerClient, TimeSpan MaxDelay, TimeSpan Memory)
{
    public static readonly SignInDelayPolicy Default = new(5, 3, 20, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24));

    public TimeSpan Delay(int failures, int freeAttempts)
    {
        if (failures < freeAttempts)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(failures - freeAttempts, 30);
        var seconds = Math.Min(Math.Pow(2, exponent), MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }
}
