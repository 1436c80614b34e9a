using System.Net;
using System.Text.Json;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure.Writes;

/// <summary>A request to one POST endpoint, valid for the ledger as it stands when it is made.</summary>
public sealed record WriteRequest(string Url, string Body);

/// <summary>
/// One valid request for every POST endpoint of the API, keyed by route: each call prepares in the ledger what its
/// request needs (a fresh device, lock, appeal, investigation), so every request made from it is a new one.
/// </summary>
/// <param name="proposer">A second compliance officer, who proposes what the examples approve or reject.</param>
public sealed class WriteExamples(HttpClient client, HttpClient proposer)
{
    // Countries a proposal restricts, one per proposal: an approved one stays restricted.
    private static readonly string[] Proposable = ["AF", "AO", "BD", "BF", "BI", "BO", "CD", "CF", "CM", "DZ", "EG", "ET", "GH", "GN",
        "HT", "KE", "KH", "LA", "LK", "LR", "LY", "MG", "ML", "MR", "MW", "MZ", "NE", "NG", "NP", "PK", "RW", "SL", "SN", "TD", "TG",
        "TJ", "TZ", "UG", "UZ", "YE", "ZM", "PG", "SB", "TL", "VU", "GM", "GW", "DJ", "KM", "LS"];
    private static int _proposals;

    // Policy changes take effect at instants one minute apart, so each restriction or lift is later than the last
    // (the count is shared: every test makes examples of its own on the one ledger).
    private static readonly DateTimeOffset PolicyStart = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _policyMinutes;

    private readonly DeviceApi _devices = new(client);
    private readonly CaseApi _cases = new(client);

    public IReadOnlyDictionary<string, Func<Task<WriteRequest>>> ByRoute => new Dictionary<string, Func<Task<WriteRequest>>>
    {
        ["/api/devices"] = () => Ready("/api/devices", new { imei = TestImei.Next(), model = "Phone 12", salesMarket = "AE" }),
        ["/api/devices/{imei}/observations"] = async () =>
            Request($"/api/devices/{await _devices.Register()}/observations",
                    new { region = "AE", signal = "gps", observedAt = DeviceApi.Incident }),
        ["/api/devices/{imei}/locks"] = async () =>
            Request($"/api/devices/{await _devices.Register()}/locks", new { region = "IR", reason = "seen in Iran" }),
        ["/api/devices/{imei}/locks/{lockId}/unlock"] = async () =>
        {
            var placed = await Locked();
            return Request($"/api/devices/{placed.Imei}/locks/{placed.LockId}/unlock", new { reason = UnlockReason.ErrorCorrection });
        },
        ["/api/devices/{imei}/legal-hold"] = async () =>
            Request($"/api/devices/{await _devices.Register()}/legal-hold", new { caseReference = "C-1", reason = "litigation" }),
        ["/api/devices/{imei}/legal-hold/release"] = async () =>
        {
            var imei = await _devices.Register();
            await (await client.Post($"/api/devices/{imei}/legal-hold", new { caseReference = "C-1", reason = "litigation" }))
                .Read<DeviceWritten>();
            return Request($"/api/devices/{imei}/legal-hold/release", new { reason = "case closed" });
        },
        ["/api/appeals"] = async () =>
        {
            var placed = await Locked();
            return Request("/api/appeals", new { imei = placed.Imei, lockId = placed.LockId, grounds = "bought abroad", contact = "o@example.org" });
        },
        ["/api/appeals/{id}/evidence"] = async () => Request($"/api/appeals/{await Appeal()}/evidence", new { evidence = "a receipt" }),
        ["/api/appeals/{id}/decision"] = async () =>
            Request($"/api/appeals/{await Appeal()}/decision", new { outcome = "granted", rationale = "the receipt holds" }),
        ["/api/appeals/{id}/withdraw"] = async () => Request($"/api/appeals/{await Appeal()}/withdraw", new { reason = "owner withdrew" }),
        ["/api/appeals/{id}/erase-personal-data"] = async () =>
            Request($"/api/appeals/{await Appeal()}/erase-personal-data", new { reason = "owner asked" }),
        ["/api/investigations"] = () => Ready("/api/investigations", new { title = "activations", regions = new[] { "IR" } }),
        ["/api/access/revocations"] = () => Ready("/api/access/revocations", new { tokenId = Guid.NewGuid().ToString(), reason = "lost" }),
        ["/api/investigations/{id}/close"] = async () =>
            Request($"/api/investigations/{await _cases.OpenInvestigation("IR")}/close", new { outcome = "keep_locked", findings = "none" }),
        ["/api/policy/restrictions"] = async () =>
        {
            await ChangePolicy("/api/policy/restrictions/CU/lift", new { legalBasis = "b", reason = "r", effectiveFrom = NextPolicyInstant() });
            return Request("/api/policy/restrictions",
                           new { region = "CU", legalBasis = "b", reason = "r", effectiveFrom = NextPolicyInstant() });
        },
        ["/api/policy/restrictions/{region}/lift"] = async () =>
        {
            await ChangePolicy("/api/policy/restrictions", new { region = "CU", legalBasis = "b", reason = "r", effectiveFrom = NextPolicyInstant() });
            return Request("/api/policy/restrictions/CU/lift", new { legalBasis = "b", reason = "r", effectiveFrom = NextPolicyInstant() });
        },
        // North Korea is never restricted on this ledger: its release has nothing to wait for.
        ["/api/policy/restrictions/{region}/release"] = () => Task.FromResult(new WriteRequest("/api/policy/restrictions/KP/release", "")),
        ["/api/policy/exemptions"] = () => Ready("/api/policy/exemptions", Exemption(TestImei.Next())),
        ["/api/policy/exemptions/{id}/revoke"] = async () =>
        {
            var granted = await (await client.Post("/api/policy/exemptions", Exemption(TestImei.Next()))).Read<JsonElement>(HttpStatusCode.Created);
            return Request($"/api/policy/exemptions/{granted.GetProperty("exemptionId").GetString()}/revoke",
                           new { reason = "proof withdrawn", effectiveFrom = DeviceApi.Incident });
        },
        ["/api/policy/proposals/{id}/approve"] = async () => Request($"/api/policy/proposals/{await Proposal()}/approve", new { reason = "reviewed" }),
        ["/api/policy/proposals/{id}/reject"] = async () => Request($"/api/policy/proposals/{await Proposal()}/reject", new { reason = "too broad" }),
        ["/api/devices/status"] = () => Ready("/api/devices/status", new { imeis = new[] { TestImei.Next(), "123" } }),
        ["/api/policy/impact"] = () => Ready("/api/policy/impact", new { change = "restrict", region = "SY", effectiveFrom = DeviceApi.Incident }),
        ["/api/exports"] = () => Ready("/api/exports", new { report = "lock-register", from = "2021-01-01", to = "2022-01-01",
                                                             recipient = "regulator", purpose = "annual list" }),
        ["/api/exports/schedules"] = () => Ready("/api/exports/schedules", Schedule),
        ["/api/exports/schedules/{id}/cancellation"] = async () =>
        {
            var made = await (await client.Post("/api/exports/schedules", Schedule)).Read<JsonElement>(HttpStatusCode.Created);
            return Request($"/api/exports/schedules/{made.GetProperty("scheduleId").GetString()}/cancellation", new { reason = "no longer asked for" });
        },
        ["/api/disclosures/{id}/reproduction"] = async () =>
        {
            var exported = await client.Post("/api/exports", new { report = "policy-timeline", from = "2021-01-01", to = "2022-01-01",
                                                                    recipient = "regulator", purpose = "annual list" });
            var id = exported.Content.Headers.ContentDisposition!.FileNameStar!.Split('_')[^1].Replace(".zip", "");
            return new WriteRequest($"/api/disclosures/{id}/reproduction", "");
        },
        ["/api/integrity/verifications"] = () => Task.FromResult(new WriteRequest("/api/integrity/verifications", "")),
    };

    // Far enough ahead that no run falls within a test.
    private static readonly object Schedule = new
    {
        report = "lock-register", dayOfMonth = 1, firstRunAt = "2100-01-01T00:00:00Z", delta = true,
        recipient = "regulator", purpose = "monthly list",
    };

    private static object Exemption(string imei) => new
    {
        kind = "imei", value = imei, basis = "diplomatic handset", reason = "embassy staff",
        effectiveFrom = DeviceApi.Incident, expiresAt = DeviceApi.Incident.AddDays(365),
    };

    // A restriction of a country one device was seen in: proposed, on a ledger whose approval threshold is zero devices.
    private async Task<string> Proposal()
    {
        var region = Proposable[Interlocked.Increment(ref _proposals) % Proposable.Length];
        await _devices.Observe(await _devices.Register(), region, DeviceApi.Incident);
        var made = await (await proposer.Post("/api/policy/restrictions",
            new { region, legalBasis = "b", reason = "r", effectiveFrom = NextPolicyInstant() })).Read<JsonElement>(HttpStatusCode.Accepted);
        return made.GetProperty("proposalId").GetString()!;
    }

    private async Task<LockPlaced> Locked() => await _devices.Lock(await _devices.Register(), "IR");

    private async Task<Guid> Appeal()
    {
        var placed = await Locked();
        return await _cases.FileAppeal(placed.Imei, placed.LockId);
    }

    // Sets the policy up for the example; already as wanted (a 409) is as good.
    private async Task ChangePolicy(string url, object body)
    {
        var response = await client.Post(url, body);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict,
                    $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private DateTimeOffset NextPolicyInstant() => PolicyStart.AddMinutes(Interlocked.Increment(ref _policyMinutes));

    private static WriteRequest Request(string url, object body) => new(url, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    private static Task<WriteRequest> Ready(string url, object body) => Task.FromResult(Request(url, body));
}
