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
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                // ASP.NET Core's request durations and Kestrel's connections; not its per-request routing, rate-limiter
                // and diagnostics counters, which add to every request and say nothing the durations and ours do not.
                metrics.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Wolverine:*", "Marten", $"{LedgerMetrics.MeterName}*")
                    .AddPrometheusExporter();
                // Npgsql's per-statement instruments cost the write path measurably (docs/benchmarks.md): on request.
                if (DetailedMetrics(builder.Configuration)) metrics.AddNpgsqlInstrumentation();
            });
        // Spans cost every request their making even when nobody collects them (a fifth of the write throughput here):
        // traced only where they go somewhere, a collector (OTLP) or Telemetry:Traces. OTEL_TRACES_SAMPLER thins them.
        if (otlp || builder.Configuration.GetValue<bool>("Telemetry:Traces"))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Wolverine", "Marten"));
        }
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
        if (otlp)
        {
            // Logs go to the collector too; without one, an OpenTelemetry log record made for nobody is pure cost.
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Telemetry:DetailedMetrics: Npgsql's statement metrics and Marten's count of events appended, by type.</summary>
    public static bool DetailedMetrics(IConfiguration configuration) => configuration.GetValue<bool>("Telemetry:DetailedMetrics");

    /// <summary>The Prometheus scrape endpoint, for the admin role only.</summary>
    public static void MapLedgerMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(new AllowAttribute(Role.Admin)).WithMetadata(new AllowAttribute(Role.Admin));
}
