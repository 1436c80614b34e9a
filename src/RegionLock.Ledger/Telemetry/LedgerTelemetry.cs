using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RegionLock.Ledger.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs: ASP.NET Core, outgoing HTTP (witnesses, notices, time-stamps), Wolverine,
/// Marten and Npgsql, and the ledger's own meters. Exported by OTLP where the standard <c>OTEL_EXPORTER_OTLP_*</c>
/// variables name a collector; metrics also scraped at <c>/metrics</c> (Prometheus text format, admin only).
/// </summary>
public static class LedgerTelemetry
{
    public const string ServiceName = "regionlock-ledger";

    public static void AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<LedgerGauges>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Wolverine", "Marten"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Wolverine:*", "Marten", $"{LedgerMetrics.MeterName}*")
                .AddPrometheusExporter());
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object a line, for the log collectors (on standard error, as LedgerHost sets for every log).
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                options.IncludeScopes = true;
            });
        }
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
    }

    /// <summary>The Prometheus scrape endpoint, for the admin role only.</summary>
    public static void MapLedgerMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(new AllowAttribute(Role.Admin)).WithMetadata(new AllowAttribute(Role.Admin));
}
