using System.Text.Json;
using JasperFx.CommandLine;
using RegionLock.Ledger.Exports;

namespace RegionLock.Ledger.Integrity;

/// <summary>`verify`: re-checks the whole ledger against its chain and signed checkpoints; exits 1 on tampering.</summary>
public sealed class VerifyInput : NetCoreInput
{
    [Description("Verify this export bundle (a folder) instead of the ledger")]
    [FlagAlias("export")]
    public string? ExportFlag { get; set; }
}

[Description("Verify the ledger's events against the hash chain and the signed checkpoints, or an export bundle", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        if (input.ExportFlag is { } folder)
        {
            var problem = ExportVerification.FirstProblem(folder, host.Services.GetRequiredService<ExportSigner>().PublicKeyPem);
            Console.Error.WriteLine(problem is null ? $"VERIFIED: the export in {folder}" : $"NOT VERIFIED: {problem}");
            return problem is null;
        }

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
