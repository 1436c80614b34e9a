using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Enforcing;
using RegionLock.Ledger.WebConsole;
using RegionLock.Ledger.Devices.Notices;
using RegionLock.Ledger.Disclosures;
using RegionLock.Ledger.Policy.Exemptions;
using RegionLock.Ledger.Policy.Impact;
using RegionLock.Ledger.Policy.Proposals;
using RegionLock.Ledger.Reports;
using RegionLock.Ledger.Reports.LockRecords;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Exports.Schedules;
using RegionLock.Ledger.Imports;
using RegionLock.Ledger.Telemetry;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Keys;
using RegionLock.Ledger.Integrity.Log;
using RegionLock.Ledger.Investigations;
using RegionLock.Ledger.PersonalData;
using RegionLock.Ledger.Policy;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http.Marten;
using Wolverine.Persistence;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>The service's wiring: Marten for the events, Wolverine for commands and endpoints, ASP.NET Core for the rest.</summary>
public static class LedgerHost
{
    public static void AddLedger(this WebApplicationBuilder builder)
    {
        var connectionString = LedgerConnection.From(builder.Configuration);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSettings<HttpWriteSettings>(HttpWriteSettings.Section);
        builder.AddSettings<IdempotencySettings>(IdempotencySettings.Section);
        var integrity = builder.AddSettings<IntegritySettings>(IntegritySettings.Section);
        builder.AddSettings<ExportSettings>(ExportSettings.Section);
        builder.AddSettings<HealthSettings>(HealthSettings.Section);
        var limits = builder.AddSettings<LimitSettings>(LimitSettings.Section);
        builder.AddSettings<PolicySettings>(PolicySettings.Section);
        var notices = builder.AddSettings<NoticeSettings>(NoticeSettings.Section);
        builder.Services.AddSingleton<NoticeWebhook>();
        builder.Services.AddSingleton<ImpactReader>();
        builder.Services.AddSingleton<ImpactAnalyst>();
        builder.Services.AddSingleton<PolicyChanging>();
        builder.Services.AddHttpClient(NoticeWebhook.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(notices.TimeoutSeconds));
        builder.Services.AddHostedService<ExpiredIdempotencyKeys>();
        // Logs go to standard error: standard output is for what a command produces (a token, a report).
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // One failed rule per property is enough to explain it, and later rules may assume the earlier ones held.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        builder.Services.AddValidatorsFromAssemblyContaining<LedgerAssembly>(ServiceLifetime.Singleton);
        builder.Services.AddProblemDetails(ProblemDocuments.Customize);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        // A body that names a property twice is refused (400), never read as "the last one wins": the record of an
        // audit must not depend on which of two values a parser keeps.
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(json => json.SerializerOptions.AllowDuplicateProperties = false);
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer<OpenApiDocumentation>().AddOperationTransformer<OpenApiDocumentation>()
            .AddDocumentTransformer<OpenApiAccess>().AddOperationTransformer<OpenApiAccess>()
            .AddOperationTransformer<OpenApiWrites>());
        builder.Services.AddSigningKeys();
        builder.AddLedgerConsole(builder.AddLedgerAccess());
        builder.AddLedgerTelemetry();
        builder.AddWriteRateLimit(limits);
        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "postgresql", tags: ["ready"])
            .AddCheck<ChainLagHealthCheck>("integrity-chain", tags: ["ready"])
            .AddCheck<RefusedEventsHealthCheck>("integrity-refused", tags: ["ready"])
            .AddCheck<PublicationHealthCheck>("integrity-publication", tags: ["ready"]);
        // Commands are small JSON documents: anything larger is refused with a 413 problem before it is read.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.AddSettings<PersonalDataSettings>(PersonalDataSettings.Section);
        builder.Services.AddSingleton<KeyEncryptionKeys>();
        builder.Services.AddSingleton<PersonalDataVault>();
        builder.Services.AddSingleton<ErasureList>();
        builder.Services.AddHostedService<ErasureReplay>();
        builder.Services.AddSingleton<EventSealer>();
        builder.Services.AddSingleton<KeyHistory>();
        builder.Services.AddSingleton<KeyRotation>();
        builder.Services.AddHostedService<KeyRecording>();
        builder.Services.AddSingleton<IConfigureMarten, SealingConfiguration>();
        builder.Services.AddSingleton<ChainStore>();
        builder.Services.AddSingleton<StoredTree>();
        builder.Services.AddSingleton<Verification>();
        builder.Services.AddSingleton<VerificationJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<VerificationJobs>());
        builder.Services.AddSingleton<AuditExport>();
        builder.Services.AddSingleton<ExportBundle>();
        builder.Services.AddSingleton<DisclosureLog>();
        builder.Services.AddSingleton<SettledInstant>();
        if (LedgerConnection.Reports(builder.Configuration) is { } reports)
            builder.Services.AddNpgsqlDataSource(reports, serviceKey: ReportSessions.StandbyKey);
        builder.Services.AddSingleton(services => new ReportSessions(
            services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<SettledInstant>(),
            services.GetKeyedService<Npgsql.NpgsqlDataSource>(ReportSessions.StandbyKey), services.GetRequiredService<ILogger<ReportSessions>>()));
        builder.Services.AddSingleton<Importer>();
        builder.Services.AddSingleton<DeviceCopy>();
        builder.Services.AddSingleton<Exporting>();
        builder.Services.AddSingleton<LogSigner>();
        builder.Services.AddSingleton<LogStore>();
        builder.Services.AddSingleton<Witnesses>();
        builder.Services.AddSingleton<Publication>();
        builder.Services.AddSingleton<Timestamping>();
        builder.Services.AddHttpClient(Timestamping.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<CheckpointDue>();
        builder.Services.AddHttpClient(Witnesses.HttpClientName,
                                       client => client.Timeout = TimeSpan.FromSeconds(integrity.WitnessTimeoutSeconds));
        builder.Services.AddSingleton<Checkpointing>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Checkpointing>());

        builder.Services.ConfigureMarten((services, options) => options.Logger(new MartenLog(services.GetRequiredService<ILogger<IDocumentStore>>())));
        var detailedMetrics = LedgerTelemetry.DetailedMetrics(builder.Configuration);
        var marten = builder.Services.AddMarten(options => ConfigureStore(options, connectionString, integrity, detailedMetrics, builder.Environment))
            .UseLightweightSessions()
            .AddSubscriptionWithServices<IntegrityChain>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.HotCold)
            // Wolverine's durable outbox commits with Marten's transaction (bulk unlocks are messages).
            .IntegrateWithWolverine();
        // Development builds the whole schema, the integrity tables included, at start; elsewhere db-apply does.
        if (builder.Environment.IsDevelopment()) marten.ApplyAllDatabaseChangesOnStartup();

        // ops/codegen generates the code of every endpoint and handler ahead of time and ops/run and ops/test build it
        // in: the service then loads those types instead of compiling them at its first requests.
        if (typeof(LedgerAssembly).Assembly.GetType("Internal.Generated.WolverineHandlers.GeneratedHandlerRegistry") is not null)
            builder.Services.CritterStackDefaults(defaults =>
            {
                foreach (var profile in new[] { defaults.Production, defaults.Development })
                {
                    profile.GeneratedCodeMode = TypeLoadMode.Static;
                    profile.AssertAllPreGeneratedTypesExist = true;
                }
            });

        builder.Host.UseWolverine(options =>
        {
            options.UseRuntimeCompilation();
            options.Policies.AutoApplyTransactions();
            // Local work (enforcement, bulk unlocks) is persisted: it survives a crash and resumes on restart.
            options.Policies.UseDurableLocalQueues();
            // Two steps on one device at once: the loser of the commit race reads the device again and retries.
            options.Policies.OnException<ConcurrencyException>()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
                                   TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
            options.Discovery.IncludeAssembly(typeof(LedgerAssembly).Assembly);
            options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
        });
        builder.Services.AddWolverineHttp();
    }

    private static void ConfigureStore(StoreOptions options, string connectionString, IntegritySettings integrity,
                                       bool detailedMetrics, IHostEnvironment environment)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = LedgerSchema.Name;
        // camelCase JSON, enums as names: the stored events read the way the API and the exports show them.
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.StreamIdentity = JasperFx.Events.StreamIdentity.AsString;
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;
        // Spans for Marten's connections (with the append as an event on them), made only where traces are collected;
        // a counter of events appended by type, on request (Telemetry:DetailedMetrics).
        options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        if (detailedMetrics) options.OpenTelemetry.TrackEventCounters();
        options.Events.AddEventType<SigningKeyAdopted>();
        options.Events.AddEventType<Access.Revocations.TokensRevoked>();
        options.Projections.Snapshot<Device>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<RestrictionPolicy>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Investigation>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Appeal>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Exemption>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Notice>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<ExportSchedule>(SnapshotLifecycle.Inline);
        LockRecordProjection.Configure(options);
        DisclosureProjection.Configure(options);
        AccessLog.AccessEntryProjection.Configure(options);
        options.Schema.For<Notice>().Duplicate(n => n.Imei);
        // Appeals are found by device, by the lock they contest (one open appeal a lock) and oldest first (the queue).
        options.Schema.For<Appeal>().Index(a => a.Imei).Index(a => a.LockId).Index(a => a.FiledAt);
        options.Schema.For<Investigation>().Index(i => i.OpenedAt);
        // Enforcement looks exemptions up by the IMEI or TAC they name, or by their kind (any market's), among those not
        // yet ended: each branch an index, so an observation never scans every exemption.
        options.Schema.For<Exemption>().Duplicate(e => e.Value).Duplicate(e => e.Kind).Duplicate(e => e.Until);
        // Claims are looked up by id and removed by age once their retention ends.
        options.Schema.For<IdempotentRequest>().DatabaseSchemaName(LedgerSchema.Name).Duplicate(r => r.ClaimedAt);
        options.AddIntegrityTables();
        EventLinks.Configure(options);
        options.Listeners.Add(new EntryLimit());
        PersonalDataVault.AddKeyTable(options);
        options.AddAppendOnlyGuard(integrity.AdminRole, integrity.ApplicationRole);
        // Development creates the schema on the fly; elsewhere `db-apply` does it ahead of time.
        options.AutoCreateSchemaObjects = environment.IsDevelopment() ? AutoCreate.CreateOrUpdate : AutoCreate.None;
    }

    public static void UseLedger(this WebApplication app)
    {
        app.UseMiddleware<Telemetry.CommandOutcomes>();
        app.UseMiddleware<AcceptAnyAnswer>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLedgerConsoleAssets();
        app.UseAuthentication();
        app.UseMiddleware<WebConsole.ConsoleRequests>();
        app.UseAuthorization();
        app.UseMiddleware<AccessLog.AccessRecording>();
        app.UseRateLimiter();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.Write }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
            {
                Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthReportJson.Write,
            })
            .AllowAnonymous();

        app.MapLedgerConsole();
        app.MapLedgerMetrics();
        app.MapWolverineEndpoints(options =>
        {
            options.AddPolicy<RouteValuesPolicy>();
            options.AddPolicy<CommandValidationPolicy>();
            options.AddPolicy<WriteRateLimitPolicy>();
            // Last, so that its first step comes before every other: a retry is answered before anything is read.
            options.AddPolicy<WritePipelinePolicy>();
            options.MapMartenConcurrencyFailuresToConflict();
        });
    }
}
