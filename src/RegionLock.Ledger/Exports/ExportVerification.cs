using System.Text;
using System.Text.Json;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// Re-checks an export bundle: the manifest's signature with the export key the ledger's key history records for it
/// (so a bundle made before a rotation still verifies after it), the SHA-256 of every file it lists, that nothing else
/// was slipped in, and the anchoring checkpoint's own signature with its recorded key. The first problem is named.
/// </summary>
public static class ExportVerification
{
    public static string? FirstProblem(string folder, KeyTimeline keys)
    {
        try
        {
            return Check(folder, keys);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"manifest.json is not a manifest the ledger wrote: {e.Message}";
        }
    }

    private static string? Check(string folder, KeyTimeline keys)
    {
        var manifestPath = Path.Combine(folder, ExportBundle.Manifest);
        var signaturePath = Path.Combine(folder, ExportBundle.ManifestSignature);
        if (!File.Exists(manifestPath) || !File.Exists(signaturePath)) return "manifest.json or manifest.sig is missing";

        var manifest = File.ReadAllBytes(manifestPath);
        using var document = JsonDocument.Parse(manifest);
        var exportKeyId = document.RootElement.GetProperty("signature").GetProperty("keyId").GetString()!;
        if (keys.Find(SigningKeyKind.Export, exportKeyId) is not { } exportKey)
            return $"manifest.json is signed by export key {exportKeyId}, which is not in the ledger's key history";
        if (!Ed25519SigningKey.Verify(exportKey.Adoption.PublicKey, manifest, File.ReadAllBytes(signaturePath)))
            return $"manifest.sig is not a signature of manifest.json by the ledger's export key {exportKeyId}";

        var listed = new HashSet<string> { ExportBundle.Manifest, ExportBundle.ManifestSignature };
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            listed.Add(name);
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) return $"{name} is listed in the manifest and missing";
            if (FileDigest.Sha256Of(File.ReadAllBytes(path)) != file.GetProperty("sha256").GetString())
                return $"{name} differs from the file the manifest lists (SHA-256)";
        }
        if (Directory.EnumerateFiles(folder).Select(Path.GetFileName).FirstOrDefault(f => !listed.Contains(f!)) is { } extra)
            return $"{extra} is in the bundle but not in the manifest";

        var statement = File.ReadAllBytes(Path.Combine(folder, "checkpoint.txt"));
        var checkpointKeyId = document.RootElement.GetProperty("checkpoint").GetProperty("keyId").GetString()!;
        if (keys.Find(SigningKeyKind.Checkpoint, checkpointKeyId) is not { } checkpointKey)
            return $"the checkpoint is signed by key {checkpointKeyId}, which is not in the ledger's key history";
        if (!EcdsaSigningKey.Verify(checkpointKey.Adoption.PublicKey, statement, File.ReadAllBytes(Path.Combine(folder, "checkpoint.sig"))))
            return "checkpoint.sig is not a signature of checkpoint.txt";
        var root = document.RootElement.GetProperty("checkpoint").GetProperty("rootHash").GetString();
        if (!Encoding.ASCII.GetString(statement).Contains($"\nroot {root}\n"))
            return "the manifest's checkpoint is not the one in checkpoint.txt";
        return null;
    }
}
