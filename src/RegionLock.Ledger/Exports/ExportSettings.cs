namespace RegionLock.Ledger.Exports;

/// <summary>The signed exports' settings (section <c>Exports</c>).</summary>
public sealed class ExportSettings
{
    public const string Section = "Exports";

    /// <summary>The Ed25519 private key (PEM) that signs export manifests; locally .data/keys/export-signing.pem.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Where scheduled exports write their bundles (a folder per schedule); .data/exports by default.</summary>
    public string Folder { get; set; } = Path.Combine(".data", "exports");

    /// <summary>Create a missing key file (local use); by default only in Development.</summary>
    public bool? CreateDevelopmentKey { get; set; }
}
