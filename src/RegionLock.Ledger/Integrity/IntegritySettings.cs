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

    [Range(1, 86_400, ErrorMessage = "Integrity:CheckpointSeconds must be from {1} to {2} seconds")]
    public int CheckpointSeconds { get; set; } = 10;

    public bool RecordKeysAtStart { get; set; } = true;

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:AdminRole must name the role that owns the schema")]
    public string AdminRole { get; set; } = "ledger_admin";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Integrity:ApplicationRole must name the role the service runs as")]
    public string ApplicationRole { get; set; } = "ledger_app";
}
