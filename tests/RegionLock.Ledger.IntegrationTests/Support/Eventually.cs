namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>Waits for what another process or a background worker brings about.</summary>
public static class Eventually
{
    public static async Task Until(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within {seconds} s");
            await Task.Delay(50);
        }
    }

    public static Task Until(Func<bool> condition, string what, int seconds = 30) =>
        Until(() => Task.FromResult(condition()), what, seconds);
}
