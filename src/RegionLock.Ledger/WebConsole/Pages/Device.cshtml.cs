using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Reading;
using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.WebConsole.Pages;

/// <summary>
/// A device's status, active locks, legal hold, appeals and whole timeline: what GET /api/devices/{imei} and its
/// history show, to the same roles; now, or as it stood at an effective instant (as of) as the ledger knew it at a
/// recording instant (as known at). Each event carries its sequence, for the browser to check its inclusion proof.
/// </summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = ConsolePages.Devices)]
[RecordsAccess("device_history", "imei")]
public sealed class DeviceModel(IQuerySession session, IDocumentStore store, LogSigner log) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Imei { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    [BindProperty(SupportsGet = true)] public string? AsKnownAt { get; set; }
    public string? Problem { get; private set; }
    public DeviceState? State { get; private set; }
    public IReadOnlyList<RecordedEvent> Timeline { get; private set; } = [];
    public IReadOnlyList<Appeal> Appeals { get; private set; } = [];
    public bool Now => string.IsNullOrEmpty(AsOf) && string.IsNullOrEmpty(AsKnownAt);

    /// <summary>The log's verifier key (public): what the browser checks the checkpoint's signature with.</summary>
    public string LogKey => log.Current.Note.Verifier.ToString();

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(Imei)) return;
        if (!Devices.Imei.IsValid(Imei))
        {
            Problem = $"{Imei} is not an IMEI: 15 digits whose last is the Luhn check digit of the others.";
            return;
        }
        DateTimeOffset? asOf, asKnownAt;
        try
        {
            asOf = Instant.ParseOptional(AsOf, "as of");
            asKnownAt = Instant.ParseOptional(AsKnownAt, "as known at");
        }
        catch (BadHttpRequestException e)
        {
            Problem = e.Message;
            return;
        }
        var device = Now
            ? await session.LoadAsync<Device>(Imei, cancellation)
            : (await DeviceStatusesEndpoint.AsTheyStood(store, session, [Imei], asOf, asKnownAt, cancellation)).GetValueOrDefault(Imei);
        if (device is null)
        {
            Problem = Now ? $"Device {Imei} is not registered." : $"Device {Imei} was not registered then, as the ledger knew it then.";
            return;
        }
        State = DeviceState.Of(device);
        Timeline = (await session.Events.FetchStreamAsync(Imei, timestamp: asKnownAt, token: cancellation))
            .Where(e => asOf is null || e.Data is not ITakesEffect effect || effect.EffectiveAt <= asOf)
            .Select(RecordedEvent.Of).ToList();
        Appeals = await session.Query<Appeal>().Where(a => a.Imei == Imei).OrderBy(a => a.FiledAt).ToListAsync(cancellation);
    }
}
