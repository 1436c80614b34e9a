namespace RegionLock.Ledger.Infrastructure;

/// <summary>Who acts: a principal in a role. Messages carry it so that work done later is recorded as theirs.</summary>
public sealed record Actor(string Principal, string Role)
{
    /// <summary>The ledger itself, applying the policy to an observation.</summary>
    public static readonly Actor Enforcement = new("regionlock-ledger", Access.Role.Enforcement);

    /// <summary>
    /// The caller of a request, in the role the endpoint admitted them under: the first of its permitted roles that
    /// their token holds.
    /// </summary>
    public static Actor Of(HttpContext context)
    {
        var user = context.User;
        var permitted = context.GetEndpoint()?.Metadata.GetMetadata<AllowAttribute>()?.Permitted ?? Access.Role.All;
        return new Actor(user.Identity?.Name ?? "anonymous", permitted.FirstOrDefault(user.IsInRole) ?? "none");
    }
}
