using System.Text.Json;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.Exports;

/// <summary>
/// A full export followed by deltas, each taken against the one before: every bundle verifies on its own, each delta
/// names the manifest before it, and applying the deltas in turn gives, at every step, the full CSV whose SHA-256 the
/// delta's signed manifest states. What an auditor receiving monthly deltas checks.
/// </summary>
public static class ExportChain
{
    public sealed record Outcome(string? Problem, byte[]? FullCsv);

    /// <summary>One bundle is checked on its own (a delta too); several as a chain that starts with a full export.</summary>
    public static Outcome Check(IReadOnlyList<string> folders, KeyTimeline keys)
    {
        if (folders.Count == 1)
            return ExportVerification.FirstProblem(folders[0], keys) is { } alone ? new Outcome($"{folders[0]}: {alone}", null) : new Outcome(null, null);
        byte[]? full = null;
        string? previousManifest = null, report = null;
        foreach (var folder in folders)
        {
            if (ExportVerification.FirstProblem(folder, keys) is { } problem) return new Outcome($"{folder}: {problem}", null);
            var manifestBytes = File.ReadAllBytes(Path.Combine(folder, ExportBundle.Manifest));
            var manifest = JsonSerializer.Deserialize<ExportManifest>(manifestBytes, JsonSerializerOptions.Web)!;
            if (report is not null && manifest.Report != report)
                return new Outcome($"{folder}: an export of {manifest.Report} in a chain of {report}", null);
            report = manifest.Report;

            if (manifest.Delta is not { } delta)
            {
                if (previousManifest is not null) return new Outcome($"{folder}: a full export after the chain's first bundle", null);
                full = File.ReadAllBytes(Path.Combine(folder, $"{report}.csv"));
            }
            else
            {
                if (previousManifest is null) return new Outcome($"{folder}: a chain starts with a full export, not a delta", null);
                if (delta.Base != previousManifest)
                    return new Outcome($"{folder}: its base is manifest {delta.Base}, not the one before it ({previousManifest})", null);
                try
                {
                    full = ReportDelta.Apply(full!, File.ReadAllBytes(Path.Combine(folder, $"{report}-delta.csv")), delta.Key);
                }
                catch (InvalidDataException e)
                {
                    return new Outcome($"{folder}: the delta does not apply: {e.Message}", null);
                }
                if (FileDigest.Sha256Of(full) != delta.Full.Sha256)
                    return new Outcome($"{folder}: applying the delta does not give the full export its manifest names", null);
            }
            previousManifest = FileDigest.Sha256Of(manifestBytes);
        }
        return new Outcome(null, full);
    }
}
