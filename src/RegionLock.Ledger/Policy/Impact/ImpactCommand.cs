using System.Text.Json;
using JasperFx.CommandLine;

namespace RegionLock.Ledger.Policy.Impact;

public sealed class PolicyInput : NetCoreInput
{
    [Description("impact: weigh a proposed restriction or lift")]
    public string Action { get; set; } = "";

    [FlagAlias("region")] public string RegionFlag { get; set; } = "";

    [Description("When the change would take effect (ISO 8601 instant)")]
    [FlagAlias("effective-from")]
    public string EffectiveFromFlag { get; set; } = "";

    [Description("Weigh lifting the region's restriction instead of restricting it")]
    [FlagAlias("lift")]
    public bool LiftFlag { get; set; }

    [Description("table (default) or json")]
    [FlagAlias("format")]
    public string FormatFlag { get; set; } = "table";
}

/// <summary>`policy impact --region SY --effective-from T [--lift] [--format json]`: the impact analysis, as a table.</summary>
[Description("Weigh a policy change before making it: `policy impact --region SY --effective-from 2021-09-15T00:00:00Z`", Name = "policy")]
public sealed class PolicyCommand : JasperFxAsyncCommand<PolicyInput>
{
    public override async Task<bool> Execute(PolicyInput input)
    {
        if (input.Action != "impact")
        {
            Console.Error.WriteLine($"unknown action '{input.Action}': policy impact --region R --effective-from T [--lift]");
            return false;
        }
        var command = new AnalyseImpact(input.LiftFlag ? "lift" : "restrict", input.RegionFlag,
                                        Instant.ParseOptional(input.EffectiveFromFlag, "effective-from") ?? default);
        if (new AnalyseImpactValidator().Validate(command) is { IsValid: false } invalid)
        {
            foreach (var error in invalid.Errors) Console.Error.WriteLine(error.ErrorMessage);
            return false;
        }
        using var host = input.BuildHost();
        var analysis = await host.Services.GetRequiredService<ImpactAnalyst>().Analyse(
            StoredName<PolicyChangeKind>.Parse(command.Change), command.Region, command.EffectiveFrom, DateTimeOffset.UtcNow,
            CancellationToken.None);
        Console.Write(input.FormatFlag == "json"
            ? JsonSerializer.Serialize(analysis, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }) + "\n"
            : ImpactTable.Write(analysis));
        return true;
    }
}
