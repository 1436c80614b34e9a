using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>A health answer that says why: each check's status and description, as JSON.</summary>
public static class HealthReportJson
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
            }),
        }, JsonSerializerOptions.Web));
    }
}
