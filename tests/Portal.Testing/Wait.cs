namespace Portal.Testing;

/// <summary>Waiting for what a message handler does after the request has answered (registration, settlement, pairing).</summary>
public static class Wait
{
    /// <summary>Asks until the probe answers something (every 50 ms, 15 s at most unless told otherwise).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan? within = null)
        where T : class
    {
        var limit = within ?? TimeSpan.FromSeconds(15);
        for (var deadline = DateTime.UtcNow + limit; ; await Task.Delay(50))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"What the test waited for did not happen in {limit.TotalSeconds:0} s.");
            }
        }
    }
}
