using System.Text;
using JasperFx.CommandLine;
using Npgsql;
using RegionLock.Ledger.Integrity.Keys;

namespace RegionLock.Ledger.Integrity;

/// <summary>
/// Writes what an outside auditor needs to check the ledger without trusting it: every event up to the latest signed
/// checkpoint in its canonical encoding (events.jsonl, one line each, exactly the bytes that were hashed), the
/// checkpoint's signed statement (checkpoint.txt), its signature (checkpoint.sig, DER) and the public key
/// (public.pem). ops/audit/verify-export checks them with Python's standard library and openssl.
/// </summary>
public sealed class AuditExport(NpgsqlDataSource database, ChainStore chain, KeyHistory keys)
{
    public async Task<Checkpoint> WriteAsync(string folder, CancellationToken cancellation)
    {
        var checkpoint = await chain.LatestCheckpoint(cancellation)
                         ?? throw new InvalidOperationException("no checkpoint has been signed yet");
        Directory.CreateDirectory(folder);

        await using (var events = File.Create(Path.Combine(folder, "events.jsonl")))
        await using (var connection = await database.OpenConnectionAsync(cancellation))
        {
            await foreach (var leaf in EventLeaves.Read(connection, 0, checkpoint.LastSequence, cancellation))
            {
                await events.WriteAsync(leaf.Encoding, cancellation);
                events.WriteByte((byte)'\n');
            }
        }
        await File.WriteAllBytesAsync(Path.Combine(folder, "checkpoint.txt"), checkpoint.Statement(), cancellation);
        await File.WriteAllBytesAsync(Path.Combine(folder, "checkpoint.sig"), checkpoint.Signature, cancellation);
        await File.WriteAllTextAsync(Path.Combine(folder, "public.pem"),
                                     await keys.PublicKey(SigningKeyKind.Checkpoint, checkpoint.KeyId, cancellation), Encoding.ASCII, cancellation);
        return checkpoint;
    }
}

public sealed class AuditExportInput : NetCoreInput
{
    [Description("The folder to write the audit export into")]
    [FlagAlias("out", 'o')]
    public string OutFlag { get; set; } = "audit-export";
}

[Description("Export the events up to the latest signed checkpoint for an outside auditor", Name = "audit-export")]
public sealed class AuditExportCommand : JasperFxAsyncCommand<AuditExportInput>
{
    public override async Task<bool> Execute(AuditExportInput input)
    {
        using var host = input.BuildHost();
        var checkpoint = await host.Services.GetRequiredService<AuditExport>().WriteAsync(input.OutFlag, CancellationToken.None);
        Console.WriteLine($"{checkpoint.TreeSize} events through sequence {checkpoint.LastSequence} written to {input.OutFlag}; " +
                          $"check with: ops/audit/verify-export {input.OutFlag}");
        return true;
    }
}
