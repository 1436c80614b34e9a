using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// Re-checks an export bundle: the manifest's signature with the ledger's published key, the SHA-256 of every file it
/// lists, that nothing else was slipped in, and the anchoring checkpoint's own signature. The first problem is named.
/// </summary>
public static class ExportVerification
{
    public static string? FirstProblem(string folder, string publishedKeyPem)
    {
        var manifestPath = Path.Combine(folder, ExportBundle.Manifest);
        var signaturePath = Path.Combine(folder, ExportBundle.ManifestSignature);
        if (!File.Exists(manifestPath) || !File.Exists(signaturePath)) return "manifest.json or manifest.sig is missing";

        var manifest = File.ReadAllBytes(manifestPath);
        if (!ExportSigner.Verify(publishedKeyPem, manifest, File.ReadAllBytes(signaturePath)))
            return "manifest.sig is not a signature of manifest.json by the ledger's published export key";

        using var document = JsonDocument.Parse(manifest);
        var listed = new HashSet<string> { ExportBundle.Manifest, ExportBundle.ManifestSignature };
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            listed.Add(name);
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) return $"{name} is listed in the manifest and missing";
            if (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != file.GetProperty("sha256").GetString())
                return $"{name} differs from the file the manifest lists (SHA-256)";
        }
        if (Directory.EnumerateFiles(folder).Select(Path.GetFileName).FirstOrDefault(f => !listed.Contains(f!)) is { } extra)
            return $"{extra} is in the bundle but not in the manifest";

        var statement = File.ReadAllBytes(Path.Combine(folder, "checkpoint.txt"));
        if (!CheckpointSigner.Verify(File.ReadAllText(Path.Combine(folder, "checkpoint-public.pem")), statement,
                                     File.ReadAllBytes(Path.Combine(folder, "checkpoint.sig"))))
            return "checkpoint.sig is not a signature of checkpoint.txt";
        var root = document.RootElement.GetProperty("checkpoint").GetProperty("rootHash").GetString();
        if (!Encoding.ASCII.GetString(statement).Contains($"\nroot {root}\n"))
            return "the manifest's checkpoint is not the one in checkpoint.txt";
        return null;
    }
}
