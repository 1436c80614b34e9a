using JasperFx.CommandLine;
using Spectre.Console;

namespace RegionLock.Ledger.Imports;

public sealed class ImportInput : NetCoreInput
{
    [Description("The NDJSON file of an earlier system's records (docs/import.md)")]
    public string File { get; set; } = "";

    [Description("The earlier system, recorded on every event; a record is imported once per origin and id (default: import)")]
    [FlagAlias("origin")]
    public string OriginFlag { get; set; } = "import";

    [Description("Who imports, as the ledger records it (default: the operating system user)")]
    [FlagAlias("by")]
    public string? ByFlag { get; set; }

    [Description("Devices per transaction (default 500)")]
    [FlagAlias("batch")]
    public int BatchFlag { get; set; } = 500;
}

/// <summary>
/// `import FILE [--origin NAME] [--by NAME] [--batch N]`: appends an earlier system's records with a progress bar, then
/// lists each refused line (line, id, reason) on standard output. Exit 0 when every line applied or was already there.
/// </summary>
[Description("Import an earlier system's records (NDJSON), idempotent, all or nothing per device", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            Console.Error.WriteLine($"no file {input.File}");
            return false;
        }
        using var host = input.BuildHost();
        var importer = host.Services.GetRequiredService<Importer>();
        var actor = new Actor(input.ByFlag ?? Environment.UserName, Role.Admin);
        var total = Importer.CountLines(input.File);
        var outcome = await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var bar = progress.AddTask("importing", maxValue: Math.Max(1, total));
            return await importer.Run(input.File, input.OriginFlag, actor, Math.Max(1, input.BatchFlag),
                                      new Progress<int>(done => bar.Value = done), CancellationToken.None);
        });

        foreach (var rejection in outcome.Rejections)
            Console.WriteLine($"line {rejection.Line}{(rejection.Id is null ? "" : $" ({rejection.Id})")}: {rejection.Reason}");
        Console.Error.WriteLine($"{outcome.Lines:N0} lines: {outcome.Applied:N0} applied, {outcome.Skipped:N0} already imported, " +
                                $"{outcome.Rejections.Count:N0} refused");
        return outcome.Rejections.Count == 0;
    }
}
