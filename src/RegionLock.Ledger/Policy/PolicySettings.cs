using System.ComponentModel.DataAnnotations;

namespace RegionLock.Ledger.Policy;

/// <summary>The care a policy change and its enforcement take (section <c>Policy</c>).</summary>
public sealed class PolicySettings
{
    public const string Section = "Policy";

    /// <summary>A change whose impact names more devices than this is proposed and needs a second officer's approval.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "Policy:ApprovalThresholdDevices must not be negative")]
    public int ApprovalThresholdDevices { get; set; } = 100;

    [Range(1, 24 * 90, ErrorMessage = "Policy:ProposalLifetimeHours must be from {1} to {2} hours")]
    public int ProposalLifetimeHours { get; set; } = 72;

    /// <summary>How far a proposal's impact may have moved since it was computed before approving it needs a fresh analysis.</summary>
    [Range(0, 1000, ErrorMessage = "Policy:ImpactDriftPercent must be from {1} to {2}")]
    public int ImpactDriftPercent { get; set; } = 10;

    /// <summary>How long a device whose SIM is from outside a restricted region is spared there, from its arrival.</summary>
    [Range(0, 365, ErrorMessage = "Policy:RoamingAllowanceDays must be from {1} to {2} days")]
    public int RoamingAllowanceDays { get; set; } = 14;

    /// <summary>The longest grace period a restriction may give before it locks.</summary>
    [Range(1, 365, ErrorMessage = "Policy:MaxGracePeriodDays must be from {1} to {2} days")]
    public int MaxGracePeriodDays { get; set; } = 30;

    public TimeSpan RoamingAllowance => TimeSpan.FromDays(RoamingAllowanceDays);
}
