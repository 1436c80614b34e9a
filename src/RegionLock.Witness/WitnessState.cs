using System.Text.Json;

namespace RegionLock.Witness;

/// <summary>The latest checkpoint the witness cosigned for a log: its size, root, and the note with its cosignature.</summary>
public sealed record CosignedCheckpoint(long Size, string RootHash, string Note);

/// <summary>
/// What the witness remembers, one file: per origin the latest checkpoint it cosigned. Checking the old size and
/// storing the new checkpoint happen under one lock, and the file is replaced whole (written, flushed to disk,
/// renamed over the old one) before the cosignature is returned, as tlog-witness requires.
/// </summary>
public sealed class WitnessState(string file)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<CosignedCheckpoint?> Latest(string origin)
    {
        await _lock.WaitAsync();
        try
        {
            return Read().GetValueOrDefault(origin);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Runs <paramref name="decide"/> on the origin's latest checkpoint; stores what it returns to store.</summary>
    public async Task<T> Update<T>(string origin, Func<CosignedCheckpoint?, (T Result, CosignedCheckpoint? Store)> decide)
    {
        await _lock.WaitAsync();
        try
        {
            var logs = Read();
            var (result, store) = decide(logs.GetValueOrDefault(origin));
            if (store is not null)
            {
                logs[origin] = store;
                var temporary = file + ".tmp";
                await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    await JsonSerializer.SerializeAsync(stream, logs);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, file, overwrite: true);
            }
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    private Dictionary<string, CosignedCheckpoint> Read() =>
        File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, CosignedCheckpoint>>(File.ReadAllBytes(file)) ?? []
            : [];
}
