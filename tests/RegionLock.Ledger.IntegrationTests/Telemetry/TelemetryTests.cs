using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Telemetry;

/// <summary>
/// What an on-call engineer reads: /metrics after writes (the named series, plausible values, admin only), the trace
/// of one HTTP command (in-memory exporter), and expected refusals logged as information.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly Spans _spans = new();
    private readonly LogCapture _logs = new();
    private ConfiguredLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = new ConfiguredLedger("ledger_telemetry_tests", [("Telemetry:Traces", "true"), ("Telemetry:DetailedMetrics", "true")], services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.AddSingleton<ILoggerProvider>(_logs);
        });
        await _ledger.InitializeAsync();
    }

    public Task DisposeAsync() => _ledger.DisposeAsync();

    private async Task<string> Metrics()
    {
        var admin = _ledger.Host.ClientAs("oncall@test", "admin");
        return await admin.GetStringAsync("/metrics");
    }

    /// <summary>A series' value, 0 when absent.</summary>
    private static double Value(string metrics, string series, string labels) =>
        System.Text.RegularExpressions.Regex.Match(metrics, series + """\{[^}]*""" + System.Text.RegularExpressions.Regex.Escape(labels) + """[^}]*\} ([0-9.e+]+)""")
            is { Success: true } match ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task after_writes_the_metrics_name_commands_by_outcome_and_the_integrity_gauges()
    {
        // The meter is the process's: other tests' services running beside this one count too, so only growth is asserted.
        var before = await Metrics();
        var devices = new DeviceApi(_ledger.Client);
        for (var i = 0; i < 3; i++) await devices.Register();
        var imei = await devices.Register();
        await _ledger.Client.Post("/api/devices", new { imei, model = "Pixel", salesMarket = "AE" }); // 409
        await _ledger.Client.Post("/api/devices", new { imei = "123", model = "Pixel", salesMarket = "AE" }); // 400
        await _ledger.ChainCaughtUp();
        await _ledger.SignCheckpoint();

        // The gauges are sampled every few seconds: wait for a sample after the chain caught up.
        var metrics = "";
        const string caughtUp = """regionlock_integrity_chain_lag\{[^}]*\} 0\n""";
        for (var attempt = 0; attempt < 80 && !(System.Text.RegularExpressions.Regex.IsMatch(metrics, caughtUp)
                                                 && metrics.Contains("regionlock_integrity_checkpoint_age_seconds")); attempt++)
        {
            await Task.Delay(250);
            metrics = await Metrics();
        }

        foreach (var (outcome, count) in new[] { ("applied", 4), ("conflict", 1), ("invalid", 1) })
        {
            var labels = $"endpoint=\"POST /api/devices\",outcome=\"{outcome}\"";
            Assert.True(Value(metrics, "regionlock_commands_total", labels) - Value(before, "regionlock_commands_total", labels) >= count, outcome);
        }
        Assert.Matches(caughtUp, metrics);
        Assert.Matches("""regionlock_integrity_checkpoint_age_seconds\{[^}]*\} \d""", metrics);
        Assert.Matches("""regionlock_projection_lag\{[^}]*shard="IntegrityChain:All"[^}]*\} \d+""", metrics);
        Assert.Matches("""regionlock_messages_persisted\{[^}]*box="outgoing"[^}]*\} \d+""", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Contains("marten_event_append", metrics);
        Assert.Contains("db_client_", metrics);

        // Every series the Grafana dashboard plots exists, but those that need witnesses or a verification first.
        var dashboard = File.ReadAllText(Path.Combine(Tool.RepositoryRoot(), "ops", "grafana", "regionlock-ledger.json"));
        var plotted = System.Text.RegularExpressions.Regex.Matches(dashboard, "(regionlock|http_server|marten|db_client)_[a-z_]+")
            .Select(m => m.Value.Replace("_bucket", "")).Distinct()
            .Where(name => !name.Contains("witness") && !name.Contains("verification")).ToList();
        Assert.NotEmpty(plotted);
        Assert.All(plotted, name => Assert.Contains(name, metrics));
    }

    [Fact]
    public async Task the_metrics_are_for_the_admin_role_only()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _ledger.Host.ClientAs("agent@test", "support").GetAsync("/metrics")).StatusCode);
        using var anonymous = new HttpClient(_ledger.Host.Server.CreateHandler()) { BaseAddress = _ledger.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task the_trace_of_one_command_shows_its_endpoint_the_marten_append_and_the_postgresql_statements()
    {
        // Listeners are the process's: other tests' services end spans here too. This request names its own trace (W3C traceparent).
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/devices")
        {
            Content = JsonContent.Create(new { imei = TestImei.Next(), model = "Pixel", salesMarket = "AE" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.Created, (await _ledger.Client.SendAsync(request)).StatusCode);

        var spans = _spans.Copy();
        var server = Assert.Single(spans, s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        Assert.Equal("/api/devices", server.GetTagItem("http.route"));
        var trace = spans.Where(s => s.TraceId == server.TraceId).ToList();
        var described = string.Join("\n", trace.Select(s => $"{s.Source.Name} {s.DisplayName} {string.Join(",", s.Tags.Select(t => t.Key))}"));
        Assert.True(trace.Any(s => s.Source.Name == "Marten"), described);
        var statements = trace.Where(s => s.Source.Name == "Npgsql").Select(s => (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")) as string).ToList();
        Assert.True(statements.Any(sql => sql?.Contains("mt_events") == true || sql?.Contains("mt_quick_append") == true), described + "\n" + string.Join("\n", statements));
    }

    [Fact]
    public async Task expected_refusals_are_logged_as_information_not_as_failures()
    {
        var devices = new DeviceApi(_ledger.Client);
        var imei = await devices.Register();
        _logs.Entries.Clear();

        await _ledger.Client.Post("/api/devices", new { imei, model = "Pixel", salesMarket = "AE" }); // 409
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/devices/{imei}/locks") { Content = JsonContent.Create(new { region = "IR", reason = "seen" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"99\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _ledger.Client.SendAsync(stale)).StatusCode);

        var entries = _logs.Entries.ToList();
        Assert.False(entries.Any(e => e.Level >= LogLevel.Warning), string.Join("\n----\n", entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message)));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.Contains("409"));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.Contains("412"));
    }

    /// <summary>The spans the in-memory exporter hands over, from whichever thread ends them.</summary>
    private sealed class Spans : ICollection<Activity>
    {
        private readonly List<Activity> _all = [];

        public List<Activity> Copy() { lock (_all) return [.. _all]; }
        public void Add(Activity item) { lock (_all) _all.Add(item); }
        public void Clear() { lock (_all) _all.Clear(); }
        public bool Contains(Activity item) { lock (_all) return _all.Contains(item); }
        public void CopyTo(Activity[] array, int arrayIndex) { lock (_all) _all.CopyTo(array, arrayIndex); }
        public bool Remove(Activity item) { lock (_all) return _all.Remove(item); }
        public int Count { get { lock (_all) return _all.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<Activity> GetEnumerator() => Copy().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Every log entry of the service, with its level.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None; // None is "not logged"

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) capture.Entries.Enqueue((logLevel, category, (exception is null ? "" : $"{exception.GetType().Name}: {exception.Message} ") + formatter(state, exception)));
            }
        }
    }
}
