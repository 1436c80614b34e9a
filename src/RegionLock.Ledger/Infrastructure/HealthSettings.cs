using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>When the service stops calling itself ready (section <c>Health</c>).</summary>
public sealed class HealthSettings
{
    public const string Section = "Health";

    [Range(1, 86_400, ErrorMessage = "Health:DaemonStallSeconds must be from {1} to {2} seconds")]
    public int DaemonStallSeconds { get; set; } = 60;
}
