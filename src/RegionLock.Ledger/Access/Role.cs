namespace RegionLock.Ledger.Access;

/// <summary>The roles of SPEC.md: what a bearer token's <c>role</c> claims may name.</summary>
public static class Role
{
    /// <summary>The automated pipeline that registers, observes and locks devices.</summary>
    public const string Enforcement = "enforcement";

    /// <summary>Support staff: read devices, file appeals for owners.</summary>
    public const string Support = "support";

    /// <summary>Compliance officers: policy, locks and unlocks, appeal decisions, investigations, reports.</summary>
    public const string Compliance = "compliance";

    /// <summary>Read-only: devices, reports, exports and the tamper evidence.</summary>
    public const string Auditor = "auditor";

    /// <summary>Operations: the tamper evidence and the policy, no business writes.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// Read-only, for the outside parties who watch the transparency log: its checkpoint, tiles and verifier key,
    /// nothing that names a device.
    /// </summary>
    public const string Witness = "witness";

    /// <summary>The people and systems of the maker: what an endpoint allows when it names no role.</summary>
    public static readonly IReadOnlyList<string> Staff = [Enforcement, Support, Compliance, Auditor, Admin];

    public static readonly IReadOnlyList<string> All = [.. Staff, Witness];
}
