using RegionLock.Transparency;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// A transparency log's identity and three witnesses that trust it, each run as outside parties run them: a fresh log
/// key, the witness processes, and the settings that make a ledger that log, published once two of them cosigned.
/// Shared with the benchmarks.
/// </summary>
public sealed class WitnessedLog : IAsyncDisposable
{
    private WitnessedLog(string origin, string folder, string logKeyFile, string logVkey)
    {
        (Origin, Folder, LogVkey) = (origin, folder, logVkey);
        Settings = [("Integrity:LogOrigin", origin), ("Integrity:LogKeyFile", logKeyFile), ("Integrity:WitnessQuorum", "2"),
                    ("Integrity:WitnessTimeoutSeconds", "2")];
    }

    public string Origin { get; }

    /// <summary>Where the log key and the witnesses' keys and states are kept.</summary>
    public string Folder { get; }

    /// <summary>The log's verifier key (c2sp.org/signed-note), as witnesses and auditors are given it.</summary>
    public string LogVkey { get; }

    public List<WitnessProcess> Witnesses { get; } = [];

    /// <summary>The ledger's settings: its log identity and key, the witnesses, a quorum of two.</summary>
    public List<(string Key, string Value)> Settings { get; }

    /// <param name="witnessHost">The witnesses are named <c>{witnessHost}/w1</c> to <c>w3</c>.</param>
    public static async Task<WitnessedLog> Start(string origin, string witnessHost)
    {
        var folder = Directory.CreateTempSubdirectory("regionlock-witnesses-").FullName;
        var logKeyFile = Path.Combine(folder, "log.pem");
        var pem = NoteSigner.GenerateKey();
        await File.WriteAllTextAsync(logKeyFile, pem);
        var log = new WitnessedLog(origin, folder, logKeyFile, NoteSigner.FromPem(origin, NoteSignatureType.Ed25519, pem).Verifier.ToString());
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                var witness = await WitnessProcess.Start($"{witnessHost}/w{i}", folder, log.LogVkey);
                log.Witnesses.Add(witness);
                log.Settings.Add(($"Integrity:Witnesses:{i - 1}:Vkey", witness.Vkey));
                log.Settings.Add(($"Integrity:Witnesses:{i - 1}:Url", witness.Url.ToString()));
            }
            return log;
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var witness in Witnesses) await witness.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
