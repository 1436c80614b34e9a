using System.Text;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// A signed Merkle tree head over the first <see cref="TreeSize"/> events of the chain, and the same head as the
/// log's C2SP checkpoint note (none on checkpoints older than the log).
/// </summary>
public sealed record Checkpoint(long TreeSize, long LastSequence, byte[] RootHash, byte[] ChainHash,
                                DateTimeOffset CreatedAt, string KeyId, byte[] Signature, string? Note = null)
{
    /// <summary>The exact bytes that are signed: a few lines of ASCII, so that openssl can check them as a file.</summary>
    public byte[] Statement() => Encoding.ASCII.GetBytes(
        "regionlock-ledger checkpoint v1\n" +
        $"tree_size {TreeSize}\n" +
        $"last_sequence {LastSequence}\n" +
        $"root {Convert.ToHexStringLower(RootHash)}\n" +
        $"chain {Convert.ToHexStringLower(ChainHash)}\n" +
        $"created_at {CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}\n" +
        $"key_id {KeyId}\n");
}
