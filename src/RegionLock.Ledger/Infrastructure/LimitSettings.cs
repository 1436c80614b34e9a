using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>What one request or one principal may ask of the service (section <c>Limits</c>).</summary>
public sealed class LimitSettings
{
    public const string Section = "Limits";

    [Range(1_024, 104_857_600, ErrorMessage = "Limits:MaxRequestBodyBytes must be from {1} to {2} bytes")]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    [Range(1, int.MaxValue, ErrorMessage = "Limits:WritesPerSecondPerPrincipal must be at least {1}")]
    public int WritesPerSecondPerPrincipal { get; set; } = 500;

    /// <summary>The burst a principal may write at once; twice the rate per second unless set.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Limits:WriteBurstPerPrincipal must be at least {1}")]
    public int? WriteBurstPerPrincipal { get; set; }

    public int WriteBurst => WriteBurstPerPrincipal ?? 2 * WritesPerSecondPerPrincipal;
}
