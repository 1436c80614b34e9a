using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Integrity;

[JsonConverter(typeof(JsonStringEnumConverter<VerificationOutcome>))]
public enum VerificationOutcome
{
    /// <summary>Every event, chain hash, tree hash and checkpoint is as it was recorded and signed.</summary>
    [JsonStringEnumMemberName("intact")] Intact,

    /// <summary>At least one finding: the record was changed behind the service's back.</summary>
    [JsonStringEnumMemberName("tampered")] Tampered,

    /// <summary>Verification could not decide, e.g. a checkpoint signed by a key the verifier does not know.</summary>
    [JsonStringEnumMemberName("unverifiable")] Unverifiable,
}

/// <summary>What verification found: every finding in sequence order, up to a cap, and how many more there were.</summary>
/// <param name="ChainedThrough">The last sequence the chain covers; events after it are not chained yet.</param>
/// <param name="Pending">Events after the chain's head: appended in the last seconds, or inserted behind its back.</param>
/// <param name="FromCheckpoint">The tree size of the checkpoint an incremental verification started from.</param>
/// <param name="Unverifiable">Why the outcome could not be decided, where it could not.</param>
public sealed record VerificationReport(VerificationOutcome Outcome, long EventsVerified, long? ChainedThrough, long Pending,
                                        int CheckpointsVerified, long? FromCheckpoint,
                                        IReadOnlyList<TamperFinding> Findings, long FindingsNotListed, string? Unverifiable)
{
    public bool Intact => Outcome == VerificationOutcome.Intact;

    /// <summary>The `verify` command's exit code: 0 intact, 1 tampering found, 2 could not verify.</summary>
    [JsonIgnore]
    public int ExitCode => Outcome switch
    {
        VerificationOutcome.Intact => 0,
        VerificationOutcome.Tampered => 1,
        _ => 2,
    };
}

/// <param name="Kind">
/// edited, deleted, inserted, reordered, chain_edited, tree_edited, checkpoint_mismatch, signature_invalid, retired_key,
/// key_history, note_mismatch (a checkpoint's C2SP note that does not state its head, or whose log signature fails);
/// timestamp_missing (a published checkpoint the time-stamp authority never stamped).
/// </param>
/// <param name="Sequence">Where the record differs (for a checkpoint: its last sequence; for a tree hash: the leaf that completes it).</param>
public sealed record TamperFinding(string Kind, long Sequence, string Detail);
