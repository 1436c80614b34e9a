using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Devices.Reading;

namespace RegionLock.Ledger.WebConsole.Pages;

/// <summary>A device's status, active locks, legal hold and whole timeline: what GET /api/devices/{imei} and its history show, to the same roles.</summary>
[Authorize(Policy = ConsoleSetup.Policy, Roles = $"{Role.Support},{Role.Compliance},{Role.Auditor}")]
public sealed class DeviceModel(IQuerySession session) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Imei { get; set; }
    public string? Problem { get; private set; }
    public DeviceState? State { get; private set; }
    public IReadOnlyList<RecordedEvent> Timeline { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        if (string.IsNullOrEmpty(Imei)) return;
        if (!Devices.Imei.IsValid(Imei))
        {
            Problem = $"{Imei} is not an IMEI: 15 digits whose last is the Luhn check digit of the others.";
            return;
        }
        if (await session.LoadAsync<Device>(Imei, cancellation) is not { } device)
        {
            Problem = $"Device {Imei} is not registered.";
            return;
        }
        State = DeviceState.Of(device);
        Timeline = (await session.Events.FetchStreamAsync(Imei, token: cancellation)).Select(RecordedEvent.Of).ToList();
    }
}
