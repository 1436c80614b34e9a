using System.Security.Claims;

namespace RegionLock.Ledger.WebConsole;

/// <summary>
/// Who may open each page: the roles of the API endpoints the page reads, so the console never shows a role what the
/// API would refuse it. Actions on a page are the API's own endpoints, with their own roles.
/// </summary>
public static class ConsolePages
{
    public const string Devices = $"{Role.Support},{Role.Compliance},{Role.Auditor}";
    public const string Appeals = $"{Role.Support},{Role.Compliance},{Role.Auditor}";
    public const string Investigations = $"{Role.Compliance},{Role.Auditor}";
    public const string Policy = $"{Role.Enforcement},{Role.Support},{Role.Compliance},{Role.Auditor},{Role.Admin}";
    public const string Reports = $"{Role.Compliance},{Role.Auditor}";
    public const string Integrity = $"{Role.Auditor},{Role.Admin}";

    /// <summary>The pages of the navigation, in order: path, name, roles.</summary>
    public static readonly IReadOnlyList<(string Path, string Name, string Roles)> All =
    [
        ("/console/device", "Devices", Devices), ("/console/appeals", "Appeals", Appeals),
        ("/console/investigations", "Investigations", Investigations), ("/console/policy", "Policy", Policy),
        ("/console/reports", "Reports", Reports), ("/console/integrity", "Integrity", Integrity),
    ];

    public static bool MayOpen(this ClaimsPrincipal user, string roles) => roles.Split(',').Any(user.IsInRole);

    /// <summary>Where to go after signing in: a path of the console itself, never an open redirect.</summary>
    public static string ReturnPath(string? url) =>
        url is not null && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            ? url : "/console";

    /// <summary>How every page writes an instant: UTC, to the second.</summary>
    public static string Utc(this DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss");

    public static string Utc(this DateTimeOffset? instant) => instant?.Utc() ?? "";
}
