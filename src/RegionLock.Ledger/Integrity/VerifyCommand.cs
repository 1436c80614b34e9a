using System.Text.Json;
using JasperFx.CommandLine;
using RegionLock.Ledger.Exports;
using Spectre.Console;

namespace RegionLock.Ledger.Integrity;

/// <summary>`verify`: re-checks the ledger against its chain, tree and signed checkpoints, with a progress bar.</summary>
public sealed class VerifyInput : NetCoreInput
{
    [Description("Verify export bundles (folders) instead of the ledger: one, or a full export and its deltas in order")]
    [FlagAlias("export")]
    public IEnumerable<string> ExportFlag { get; set; } = [];

    [Description("With a chain of exports: write the full CSV the chain gives to this file")]
    [FlagAlias("out")]
    public string? OutFlag { get; set; }

    [Description("Verify only what was appended after this already verified checkpoint (its tree size)")]
    [FlagAlias("from-checkpoint")]
    public long? FromCheckpointFlag { get; set; }

    [Description("List at most this many findings (the rest are counted)")]
    [FlagAlias("max-findings")]
    public int MaxFindingsFlag { get; set; } = Verification.DefaultFindingsCap;
}

[Description("Verify the ledger (exit 0 intact, 1 tampered, 2 could not verify), or an export bundle", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        if (input.ExportFlag.ToList() is { Count: > 0 } folders)
        {
            var keys = await host.Services.GetRequiredService<Keys.KeyHistory>().Read(CancellationToken.None);
            var (problem, full) = ExportChain.Check(folders, keys);
            if (problem is null && input.OutFlag is { } file && full is not null) await File.WriteAllBytesAsync(file, full);
            Console.Error.WriteLine(problem is null ? $"VERIFIED: the export{(folders.Count > 1 ? " chain" : "")} in {string.Join(", ", folders)}"
                                                    : $"NOT VERIFIED: {problem}");
            return problem is null;
        }

        var verification = host.Services.GetRequiredService<Verification>();
        var total = Math.Max(1, await verification.EventsToVerify(input.FromCheckpointFlag, CancellationToken.None));
        VerificationReport report;
        try
        {
            report = await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var bar = progress.AddTask("verifying", maxValue: total);
                return await verification.RunAsync(input.FromCheckpointFlag, new Progress<long>(count => bar.Value = count),
                                                   CancellationToken.None, input.MaxFindingsFlag);
            });
        }
        catch (NotInLedger e)
        {
            Console.Error.WriteLine($"COULD NOT VERIFY: {e.Message}");
            Environment.ExitCode = 2;
            return false;
        }

        Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        Console.Error.WriteLine(report.Outcome switch
        {
            VerificationOutcome.Intact => $"INTACT: {report.EventsVerified:N0} events, {report.CheckpointsVerified} signed checkpoints",
            VerificationOutcome.Tampered => $"TAMPERED: {report.Findings.Count + report.FindingsNotListed} findings, the first " +
                                            $"{report.Findings[0].Kind} at sequence {report.Findings[0].Sequence}: {report.Findings[0].Detail}",
            _ => $"COULD NOT VERIFY: {report.Unverifiable}",
        });
        // JasperFx turns false into exit code 1; Program answers Environment.ExitCode where it says more (2).
        Environment.ExitCode = report.ExitCode;
        return report.Intact;
    }
}
