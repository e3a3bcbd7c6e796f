namespace Portal.Testing;

/// <summary>Waiting for what a message handler does after the request has answered (registration, settlement, pairing).</summary>
public static class Wait
{
    /// <summary>Asks until the probe answers something (every 50 ms, 15 s at most).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("What the test waited for did not happen in 15 s.");
    }
}
