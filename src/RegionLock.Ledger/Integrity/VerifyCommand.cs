using System.Text.Json;
using JasperFx.CommandLine;

namespace RegionLock.Ledger.Integrity;

/// <summary>`verify`: re-checks the whole ledger against its chain and signed checkpoints; exits 1 on tampering.</summary>
[Description("Verify the ledger's events against the hash chain and the signed checkpoints", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var verification = host.Services.GetRequiredService<Verification>();
        var progress = new Progress<long>(count => Console.Error.WriteLine($"verified {count:N0} events"));

        var report = await verification.RunAsync(progress, CancellationToken.None);

        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        Console.Error.WriteLine(report.Intact
            ? $"INTACT: {report.EventsVerified:N0} events, {report.CheckpointsVerified} signed checkpoints"
            : $"TAMPERED: {report.FirstFinding!.Kind} at sequence {report.FirstFinding.Sequence}: {report.FirstFinding.Detail}");
        return report.Intact;
    }
}
