using Microsoft.AspNetCore.Authorization;

namespace RegionLock.Ledger.Access;

/// <summary>
/// Who may call an endpoint: a caller holding any of these roles (with none named, any of the maker's own roles: <see cref="Role.Staff"/>). The first
/// of them the caller holds is the role their writes are recorded under.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowAttribute : AuthorizeAttribute
{
    public AllowAttribute(params string[] roles)
    {
        Permitted = roles.Length == 0 ? Role.Staff : roles;
        Roles = string.Join(',', Permitted);
    }

    public IReadOnlyList<string> Permitted { get; }
}
