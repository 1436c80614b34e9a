using System.Net;
using System.Text.Json;
using RegionLock.Ledger.Appeals;
using RegionLock.Ledger.Investigations;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>Appeals and investigations as support and compliance staff use them.</summary>
public sealed class CaseApi(HttpClient client)
{
    public async Task<Guid> FileAppeal(string imei, Guid lockId, string contact = "owner@example.org") =>
        (await (await client.Post("/api/appeals", new { imei, lockId, grounds = "bought in Dubai, travelling", contact }))
            .Read<AppealWritten>(HttpStatusCode.Created)).AppealId;

    public Task<HttpResponseMessage> Decide(Guid appealId, string outcome) =>
        client.Post($"/api/appeals/{appealId}/decision", new { outcome, rationale = "reviewed the receipts" });

    public async Task<JsonElement> Appeal(Guid appealId) =>
        await (await client.GetAsync($"/api/appeals/{appealId}")).Read<JsonElement>();

    public async Task<Guid> OpenInvestigation(params string[] regions) =>
        (await (await client.Post("/api/investigations", new { title = "September 2021 activations", regions }))
            .Read<InvestigationWritten>(HttpStatusCode.Created)).InvestigationId;

    public async Task<JsonElement> Investigation(Guid id) =>
        await (await client.GetAsync($"/api/investigations/{id}")).Read<JsonElement>();
}
