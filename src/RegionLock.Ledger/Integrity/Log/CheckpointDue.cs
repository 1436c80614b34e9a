namespace RegionLock.Ledger.Integrity.Log;

/// <summary>
/// Raised when the chain has grown (after the daemon's page commits), so that a checkpoint follows within
/// Integrity:CheckpointSeconds instead of waiting for a timer. A node that does not run the chain never hears it and
/// signs on its timer alone.
/// </summary>
public sealed class CheckpointDue
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Raise()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already raised: one pending signal stands for any number of pages
        }
    }

    /// <summary>Waits for the signal or the timeout, whichever comes first.</summary>
    public Task<bool> Wait(TimeSpan timeout, CancellationToken cancellation) => _signal.WaitAsync(timeout, cancellation);
}
