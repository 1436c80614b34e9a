using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Npgsql;
using RegionLock.Ledger.Access;
using RegionLock.Ledger.Infrastructure;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// What an HTTP write costs on this machine with nothing of the ledger: a minimal ASP.NET Core endpoint that checks
/// the same bearer token as the ledger (its own JWT handler, with the ledger's validation parameters and role) and
/// inserts one row per request in one Npgsql transaction on the same PostgreSQL; and, under
/// <see cref="HttpOnlyPrefix"/>, the same request answered by HTTP alone.
/// </summary>
public sealed class PlatformReference : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformReference(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Where the same route is answered by HTTP alone.</summary>
    public const string HttpOnlyPrefix = "/http-only";

    public static async Task<PlatformReference> Start(BenchLedger ledger)
    {
        var address = new Uri($"http://127.0.0.1:{BenchLedger.FreePort()}");
        var ledgerTokens = ledger.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = ledgerTokens.TokenValidationParameters;
        });
        builder.Services.AddAuthorization();
        // The pool settings the service runs with, so that the two differ only in what they do per request.
        builder.Services.AddNpgsqlDataSource(LedgerConnection.WithPoolDefaults(ledger.ConnectionString));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/api/devices/{imei}/observations", async (string imei, Observation body, NpgsqlDataSource database) =>
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(
                "insert into public.bench_reference (imei, region, observed_at) values ($1, $2, $3)", connection, transaction)
            {
                Parameters = { new() { Value = imei }, new() { Value = body.Region }, new() { Value = body.ObservedAt } },
            };
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return Results.Ok(new { imei, version = 1 });
        }).RequireAuthorization(policy => policy.RequireRole(Role.Enforcement));
        // HTTP alone: the same request read and answered, with no token checked and no database: what Kestrel, JSON and
        // the load driver cost per request whatever the endpoint does.
        app.MapPost(HttpOnlyPrefix + "/api/devices/{imei}/observations", (string imei, Observation body) => Results.Ok(new { imei, version = 1 }));

        await using (var create = ledger.Database.CreateCommand(
            "drop table if exists public.bench_reference; " +
            "create table public.bench_reference (id bigserial primary key, imei text not null, region text not null, observed_at timestamptz not null)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        await app.StartAsync();
        return new PlatformReference(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Observation(string Region, string Signal, DateTimeOffset ObservedAt);
}
