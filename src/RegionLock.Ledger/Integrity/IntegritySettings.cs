using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Integrity;

/// <summary>The tamper evidence's settings (section <c>Integrity</c>); defaults here and nowhere else.</summary>
public sealed class IntegritySettings
{
    public const string Section = "Integrity";

    /// <summary>The ECDSA P-256 private key (PEM) that signs checkpoints; locally .data/keys/checkpoint-signing.pem.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The secret every appended event is sealed with (32 bytes, base64); locally .data/keys/event-seal.key.</summary>
    public string? SealKeyFile { get; set; }

    /// <summary>Create missing key files (local use); by default only in Development.</summary>
    public bool? CreateDevelopmentKey { get; set; }

    /// <summary>
    /// The shortest time between two checkpoints. A checkpoint is signed as soon as the chain has grown and this long
    /// has passed since the last one: the delay from an event being chained to a published checkpoint.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = "Integrity:CheckpointSeconds must be from {1} to {2} seconds")]
    public int CheckpointSeconds { get; set; } = 1;

    /// <summary>
    /// The transparency log's identity: the origin line of its checkpoints and the name of its key, a schema-less URL
    /// (c2sp.org/tlog-checkpoint). Witnesses and auditors know the log by it: set it once, before the first witness.
    /// </summary>
    [RegularExpression(@"^[^\s+]+$", ErrorMessage = "Integrity:LogOrigin is a schema-less URL without spaces or '+'")]
    public string LogOrigin { get; set; } = "localhost/regionlock-ledger";

    /// <summary>The Ed25519 private key (PEM, PKCS#8) that signs the log's checkpoints; locally .data/keys/log-signing.pem.</summary>
    public string? LogKeyFile { get; set; }

    /// <summary>The witnesses asked to cosign each checkpoint (c2sp.org/tlog-witness).</summary>
    public List<WitnessSettings> Witnesses { get; set; } = [];

    /// <summary>How many witnesses must cosign a checkpoint before it is published; 0 publishes it as soon as it is signed.</summary>
    [Range(0, 100, ErrorMessage = "Integrity:WitnessQuorum must be from {1} to {2}")]
    public int WitnessQuorum { get; set; }

    /// <summary>How long a signed checkpoint may wait for its quorum before readiness fails.</summary>
    [Range(1, 86_400, ErrorMessage = "Integrity:PublicationStallSeconds must be from {1} to {2} seconds")]
    public int PublicationStallSeconds { get; set; } = 30;

    /// <summary>An RFC 3161 time-stamp authority (its HTTP URL) that stamps every published checkpoint; none by default.</summary>
    public string? TimestampAuthorityUrl { get; set; }

    /// <summary>How long after its publication a checkpoint without a time-stamp is a verification finding (timestamp_missing).</summary>
    [Range(1, 604_800, ErrorMessage = "Integrity:TimestampDeadlineSeconds must be from {1} to {2} seconds")]
    public int TimestampDeadlineSeconds { get; set; } = 300;

    [Range(1, 600, ErrorMessage = "Integrity:WitnessTimeoutSeconds must be from {1} to {2} seconds")]
    public int WitnessTimeoutSeconds { get; set; } = 5;

    public bool RecordKeysAtStart { get; set; } = true;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:AdminRole must name the role that owns the schema")]
    public string AdminRole { get; set; } = "ledger_admin";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:ApplicationRole must name the role the service runs as")]
    public string ApplicationRole { get; set; } = "ledger_app";
}

/// <summary>A witness the ledger asks for cosignatures: its verifier key (type 0x04) and its submission URL prefix.</summary>
public sealed class WitnessSettings
{
    /// <summary>What the ledger calls it in logs and health; by default the name in its verifier key.</summary>
    public string? Name { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:Witnesses:N:Vkey is the witness's verifier key")]
    public string Vkey { get; set; } = "";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:Witnesses:N:Url is the witness's submission prefix")]
    public string Url { get; set; } = "";
}
