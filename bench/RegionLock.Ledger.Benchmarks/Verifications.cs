using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Case 5: verification of the integrity chain (recompute every leaf and chain hash, the Merkle tree, check every
/// checkpoint) against the floor any verifier of this database has: reading the same canonical encodings from
/// PostgreSQL and hashing each with plain SHA-256.
/// </summary>
public static class Verifications
{
    public static async Task<IReadOnlyList<Figure>> Measure(BenchLedger ledger, long events)
    {
        var raw = await ReadAndHash(ledger);
        var clock = Stopwatch.StartNew();
        var report = await ledger.Services.GetRequiredService<Verification>().RunAsync(null, null, CancellationToken.None);
        var verified = report.EventsVerified / clock.Elapsed.TotalSeconds;
        if (!report.Intact) throw new InvalidOperationException("the benchmark ledger did not verify");

        const string section = "5. Verification";
        return
        [
            new Figure(section, $"read the canonical encodings and SHA-256 each ({events:N0} events)", raw, "events/s"),
            new Figure(section, "verify: leaf, chain and tree hashes, checkpoints", verified, "events/s",
                       "read + SHA-256", raw, "≥ 50% of read + SHA-256", verified / raw >= 0.5),
        ];
    }

    private static async Task<double> ReadAndHash(BenchLedger ledger)
    {
        var clock = Stopwatch.StartNew();
        await using var command = ledger.Database.CreateCommand(
            $"select seq_id, {EventLeaves.EncodingSql} from {LedgerSchema.EventTable} order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        long rows = 0;
        var hash = new byte[32];
        while (await reader.ReadAsync())
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(reader.GetString(1)), hash);
            rows++;
        }
        return rows / clock.Elapsed.TotalSeconds;
    }
}
