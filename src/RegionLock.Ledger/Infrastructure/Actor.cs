using System.Security.Claims;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>Who acts: a principal in a role. Messages carry it so that work done later is recorded as theirs.</summary>
public sealed record Actor(string Principal, string Role)
{
    // Until authentication lands every request is made by this development principal.
    public static readonly Actor Development = new("development", "compliance");

    /// <summary>The ledger itself, applying the policy to an observation.</summary>
    public static readonly Actor Enforcement = new("regionlock-ledger", "enforcement");

    public static Actor Of(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { } name }
            ? new Actor(name, user.FindFirst(ClaimTypes.Role)?.Value ?? "none")
            : Development;
}
