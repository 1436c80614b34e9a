using System.Text.Json;

namespace RegionLock.Witness;

/// <summary>
/// A log's validly signed checkpoint that the witness refused as inconsistent is proof the log misbehaved: it is kept,
/// one JSON line per refusal beside the state file, with the checkpoint the witness holds and the one it was sent.
/// </summary>
public sealed class Evidence(string file, TimeProvider clock)
{
    private readonly Lock _lock = new();

    public void Keep(string reason, string? held, string submitted)
    {
        var line = JsonSerializer.Serialize(new { at = clock.GetUtcNow(), reason = reason.TrimEnd(), held, submitted });
        lock (_lock) File.AppendAllText(file, line + "\n");
    }
}
