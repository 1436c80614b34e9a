using System.Text.Json.Nodes;
using CsCheck;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.BadInput;

/// <summary>A request to a write endpoint, as generated: anything a broken or hostile client could send.</summary>
public sealed record GeneratedRequest(string Url, string Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public override string ToString() =>
        $"POST {Url} [{string.Join("; ", Headers.Select(h => $"{h.Name}: {h.Value}"))}] ({ContentType}) {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>The things in the ledger a generated request may name, so that some reach deep into the handlers.</summary>
public sealed record KnownIds(string Imei, Guid LockId, Guid AppealId, Guid InvestigationId);

/// <summary>Generators of hostile input: wrong types, huge strings, unicode, nulls, extreme numbers, impossible dates.</summary>
public static class GeneratedRequests
{
    private static readonly Gen<string> Unicode = Gen.OneOf(
        Gen.String[0, 40],
        Gen.Char.Array[0, 40].Select(chars => new string(chars)),
        Gen.OneOf("", " ", "\u0000", "\ud800", "\udfff\ud800", "😀🇮🇷", "\u202e", "ИРАН", "إيران", "\r\n", "'; drop table mt_events; --",
                       "../../etc/passwd", "%00", "{{7*7}}"),
        Gen.Int[1_000, 70_000].Select(n => new string('x', n)));

    private static readonly Gen<string> Instants = Gen.OneOf(
        "2021-09-15T00:00:00Z", "2021-09-15", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z", "2021-02-30T00:00:00Z", "2021-09-15T25:61:00Z", "2021-09-15T00:00:00+14:01", "1970-01-01T00:00:00Z",
        "+275760-09-13T00:00:00Z", "yesterday", "");

    private static Gen<JsonNode?> Values(KnownIds known) => Gen.Frequency(
        (2, Gen.Const((JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)b)),
        (2, Gen.OneOf(Gen.Long, Gen.OneOf(0L, -1L, long.MinValue, long.MaxValue, int.MaxValue + 1L)).Select(n => (JsonNode?)n)),
        (1, Gen.OneOf(1e308, -1e308, 5e-324, -0.0, 0.5).Select(d => (JsonNode?)d)),
        (1, Gen.Const<JsonNode?>(() => JsonNode.Parse("99999999999999999999999999999999"))),
        (4, Unicode.Select(s => (JsonNode?)s)),
        (3, Instants.Select(s => (JsonNode?)s)),
        (6, Gen.OneOf(known.Imei, TestImei.WithWrongCheckDigit(known.Imei), TestImei.Next(), "IR", "CU", "UA-43", "ZZ", "ir", "AE",
                           "gps", "sim_mcc", "satellite", "432", "250", "32", "granted", "denied", "unlock_all", "keep_locked",
                           "error_correction", "appeal_granted", "lock-register", "policy-timeline", "15 CFR 746.2",
                           known.LockId.ToString(), known.AppealId.ToString(), known.InvestigationId.ToString(),
                           Guid.Empty.ToString(), Guid.NewGuid().ToString(), "a reason", "owner@example.org")
            .Select(s => (JsonNode?)s)),
        (1, Gen.OneOf("IR", "SY", "XX", "").Array[0, 4].Select(a => (JsonNode?)new JsonArray(a.Select(r => (JsonNode?)r).ToArray()))),
        (1, Gen.Const<JsonNode?>(() => new JsonObject { ["nested"] = new JsonArray(1, "two", null) })));

    private static Gen<string> Bodies(KnownIds known, string[] fields) => Gen.Frequency(
        (8, Gen.Select(Gen.Bool.Array[fields.Length], Values(known).Array[fields.Length], (present, values) =>
        {
            var body = new JsonObject();
            for (var i = 0; i < fields.Length; i++)
                if (present[i] || i == 0) body[fields[i]] = values[i];
            return body.ToJsonString();
        })),
        (1, Values(known).Select(v => v?.ToJsonString() ?? "null")),
        (1, Gen.OneOf("", "{", "{\"imei\":", "[", "}", "{\"a\":1,}", "{'single':'quotes'}", "\u0000", "NaN",
                           "{\"imei\":\"1\"}{\"imei\":\"2\"}", new string('[', 5_000) + new string(']', 5_000), "\ufeff{}")),
        (1, Unicode));

    // A NUL in a path is refused by Kestrel before the application sees it (and the in-process test server throws).
    private static Gen<string> Segments(params string[] plausible) => Gen.Frequency(
        (3, Gen.OneOf(plausible)),
        (1, Unicode.Where(s => s.Length is > 0 and < 5_000 && !s.Contains('\0')).Select(Uri.EscapeDataString)));

    private static readonly Gen<(string, string)[]> Headers = Gen.Select(
        Gen.OneOf<string?>(null, null, "\"1\"", "\"2\"", "\"0\"", "\"-1\"", "\"99999999999999999999\"", "1", "W/\"1\"", "*", "\"x\""),
        Gen.OneOf<string?>(null, null, null, "key-1", "", new string('k', 300), "ключ", "a b"),
        Gen.OneOf<string?>(null, null, "corr-1", new string('c', 500)),
        (ifMatch, idempotencyKey, correlation) => new (string, string)?[]
        {
            ifMatch is null ? null : ("If-Match", ifMatch),
            idempotencyKey is null ? null : ("Idempotency-Key", idempotencyKey),
            correlation is null ? null : ("X-Correlation-Id", correlation),
        }.OfType<(string, string)>().ToArray());

    private static readonly Gen<string?> ContentTypes =
        Gen.Frequency((8, Gen.Const<string?>("application/json")),
                      (1, Gen.OneOf<string?>(null, "text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data")));

    /// <summary>Every write endpoint of the API, with the fields its body has.</summary>
    public static Gen<GeneratedRequest> For(KnownIds known)
    {
        var imei = Segments(known.Imei, TestImei.Next(), TestImei.WithWrongCheckDigit(known.Imei), "0", "-1");
        var lockId = Segments(known.LockId.ToString(), Guid.NewGuid().ToString(), Guid.Empty.ToString());
        var appeal = Segments(known.AppealId.ToString(), Guid.NewGuid().ToString(), "1");
        var investigation = Segments(known.InvestigationId.ToString(), Guid.NewGuid().ToString());
        var region = Segments("IR", "SD", "UA-43", "ZZ", "ir");
        var other = Segments(Guid.NewGuid().ToString(), Guid.Empty.ToString(), "1");
        (Gen<string> Url, string[] Fields)[] endpoints =
        [
            (Gen.Const("/api/devices"), ["imei", "model", "salesMarket"]),
            (Gen.Const("/api/devices/status"), ["imeis", "asOf", "asKnownAt"]),
            (imei.Select(i => $"/api/devices/{i}/observations"), ["region", "signal", "mcc", "mnc", "homeMcc", "homeMnc", "observedAt"]),
            (imei.Select(i => $"/api/devices/{i}/locks"), ["region", "reason", "investigationId"]),
            (Gen.Select(imei, lockId, (i, l) => $"/api/devices/{i}/locks/{l}/unlock"), ["reason"]),
            (imei.Select(i => $"/api/devices/{i}/legal-hold"), ["caseReference", "reason"]),
            (imei.Select(i => $"/api/devices/{i}/legal-hold/release"), ["reason"]),
            (Gen.Const("/api/policy/restrictions"), ["region", "legalBasis", "reason", "effectiveFrom", "gracePeriodDays"]),
            (Gen.Const("/api/policy/impact"), ["change", "region", "effectiveFrom", "at"]),
            (Gen.Const("/api/policy/exemptions"), ["kind", "value", "region", "basis", "reason", "effectiveFrom", "expiresAt"]),
            (other.Select(e => $"/api/policy/exemptions/{e}/revoke"), ["reason", "effectiveFrom"]),
            (other.Select(p => $"/api/policy/proposals/{p}/approve"), ["reason"]),
            (other.Select(p => $"/api/policy/proposals/{p}/reject"), ["reason"]),
            (region.Select(r => $"/api/policy/restrictions/{r}/lift"), ["legalBasis", "reason", "effectiveFrom"]),
            (region.Select(r => $"/api/policy/restrictions/{r}/release"), ["reason"]),
            (Gen.Const("/api/appeals"), ["imei", "lockId", "grounds", "contact"]),
            (appeal.Select(a => $"/api/appeals/{a}/decision"), ["outcome", "rationale"]),
            (appeal.Select(a => $"/api/appeals/{a}/evidence"), ["evidence"]),
            (appeal.Select(a => $"/api/appeals/{a}/withdraw"), ["reason"]),
            (appeal.Select(a => $"/api/appeals/{a}/erase-personal-data"), ["reason"]),
            (Gen.Const("/api/investigations"), ["title", "regions"]),
            (investigation.Select(i => $"/api/investigations/{i}/close"), ["outcome", "findings"]),
            (Gen.Const("/api/exports"), ["report", "from", "to", "region", "asKnownAt", "recipient", "purpose", "since"]),
            (Gen.Const("/api/exports/schedules"), ["report", "region", "dayOfMonth", "firstRunAt", "from", "delta", "recipient", "purpose"]),
            (other.Select(s => $"/api/exports/schedules/{s}/cancellation"), ["reason"]),
            (other.Select(d => $"/api/disclosures/{d}/reproduction"), []),
        ];
        return Gen.Int[0, endpoints.Length - 1].SelectMany(i =>
            Gen.Select(endpoints[i].Url, Bodies(known, endpoints[i].Fields), ContentTypes, Headers,
                       (url, body, contentType, headers) => new GeneratedRequest(url, body, contentType, headers)));
    }
}
