using System.Diagnostics.Metrics;

namespace RegionLock.Ledger.Telemetry;

/// <summary>
/// The ledger's own instruments, beside those of ASP.NET Core, Wolverine, Marten and Npgsql: commands by endpoint and
/// outcome, and gauges of what an on-call engineer watches (<see cref="LedgerGauges"/> samples them).
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "RegionLock.Ledger";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Writes to the API (unsafe methods under /api) by route and outcome.</summary>
    public static readonly Counter<long> Commands =
        Meter.CreateCounter<long>("regionlock.commands", "{command}", "API writes by endpoint and outcome");

    /// <summary>Reports and exports read as known at an instant, by the server read (tag server: primary, standby).</summary>
    public static readonly Counter<long> ReportReads =
        Meter.CreateCounter<long>("regionlock.report.reads", "{read}", "Reports and exports read, by the server they were read from");
}
