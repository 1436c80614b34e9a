using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Infrastructure.Problems;
using RegionLock.Ledger.IntegrationTests.Support;
using RegionLock.Ledger.Integrity;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.IntegrationTests.Integrity;

/// <summary>
/// An event whose log entry could exceed the 65,535 bytes a tlog-tiles entry bundle can frame is refused before
/// anything is written, whichever way it is appended; the bound holds for what PostgreSQL then makes of an event.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EntryLimitTests(LedgerFixture ledger)
{
    [Fact]
    public async Task an_event_too_large_for_the_log_is_refused_and_nothing_is_written()
    {
        var before = await ledger.CountEvents();
        await using var session = ledger.Store.LightweightSession();
        session.Events.StartStream<Device>(TestImei.Next(),
            new DeviceRegistered(TestImei.Next(), new string('x', 40_000), "AE", DateTimeOffset.UtcNow));

        var refused = await Assert.ThrowsAsync<EntryTooLarge>(() => session.SaveChangesAsync());

        Assert.Contains("65,535", refused.Message);
        Assert.Equal(before, await ledger.CountEvents());
    }

    [Fact]
    public async Task the_refusal_is_a_413_problem_naming_the_limit()
    {
        var context = new DefaultHttpContext { RequestServices = ledger.Host.Services, Response = { Body = new MemoryStream() } };
        var handler = ledger.Host.Services.GetServices<IExceptionHandler>().OfType<DomainExceptionHandler>().Single();

        Assert.True(await handler.TryHandleAsync(context, new EntryTooLarge("at most 65,535 bytes"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("65,535", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task the_bound_is_never_below_the_canonical_encoding_postgresql_makes()
    {
        var devices = new DeviceApi(ledger.Client);
        var imei = await devices.Register();
        await devices.Observe(imei, "SY");
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
             select octet_length({EventLeaves.EncodingSql}), data::text, coalesce(headers::text, 'null'), stream_id, type,
                    user_name, correlation_id, causation_id
             from {LedgerSchema.EventTable} order by seq_id desc limit 500
             """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var checkedEvents = 0;
        while (await reader.ReadAsync())
        {
            // What Marten sends is compact JSON; jsonb's text form is what the encoding prints.
            string Compact(int column) => JsonSerializer.Serialize(JsonDocument.Parse(reader.GetString(column)).RootElement);
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            var bound = EntryLimit.Bound(Compact(1), Compact(2), Text(3), Text(4), Text(5), Text(6), Text(7));
            Assert.True(bound >= reader.GetInt32(0), $"bound {bound} below the encoding's {reader.GetInt32(0)} bytes");
            checkedEvents++;
        }
        Assert.True(checkedEvents >= 2);
    }
}
