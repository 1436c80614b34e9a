using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>A configured witness: the name the ledger gives it, its cosigner key and its submission prefix.</summary>
public sealed record Witness(string Name, NoteVerifier Key, Uri Url);

/// <summary>The last answer of each witness, for readiness and the metrics.</summary>
public sealed record WitnessOutcome(DateTimeOffset At, long Size, string Outcome);

/// <summary>
/// Asks the witnesses to cosign a checkpoint as c2sp.org/tlog-witness defines add-checkpoint: the old size the
/// witness last cosigned, the consistency proof from it (from the stored tree, O(log n)), the signed note. A 409 names
/// the witness's size: the request is made once more from it. A cosignature is kept only if it verifies with the
/// witness's configured key over the note. Every refusal is kept as it came: a 409 or a 422 may be evidence of a fork.
/// </summary>
public sealed class Witnesses
{
    public const string HttpClientName = "witnesses";
    /// <summary>The meter of the integrity machinery's instruments (this class's and the publication's wait).</summary>
    public static readonly Meter Meter = new("RegionLock.Ledger.Integrity");
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("regionlock.integrity.witness.requests", description: "add-checkpoint requests by witness and outcome");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("regionlock.integrity.witness.latency", "s", "add-checkpoint round trips");

    private readonly LogStore _store;
    private readonly StoredTree _tree;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _clock;
    private readonly ILogger<Witnesses> _log;

    public Witnesses(LogStore store, StoredTree tree, IHttpClientFactory http, TimeProvider clock,
                     IOptions<IntegritySettings> settings, ILogger<Witnesses> log)
    {
        (_store, _tree, _http, _clock, _log) = (store, tree, http, clock, log);
        All = settings.Value.Witnesses.Select((w, i) =>
        {
            NoteVerifier key;
            try
            {
                key = NoteVerifier.Parse(w.Vkey);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"Integrity:Witnesses:{i}:Vkey: {e.Message}");
            }
            if (key.Type != NoteSignatureType.CosignatureV1)
                throw new InvalidOperationException($"Integrity:Witnesses:{i}:Vkey is not a cosigner key (type 0x04)");
            if (!Uri.TryCreate(w.Url.TrimEnd('/') + "/", UriKind.Absolute, out var url))
                throw new InvalidOperationException($"Integrity:Witnesses:{i}:Url is not an absolute URL");
            return new Witness(w.Name ?? key.Name, key, url);
        }).ToList();
        if (settings.Value.WitnessQuorum > All.Count)
            throw new InvalidOperationException(
                $"Integrity:WitnessQuorum is {settings.Value.WitnessQuorum} but {All.Count} witnesses are configured: no checkpoint could be published");
        if (All.Select(w => w.Name).Distinct().Count() != All.Count)
            throw new InvalidOperationException("Integrity:Witnesses names a witness twice");
    }

    public IReadOnlyList<Witness> All { get; }

    public ConcurrentDictionary<string, WitnessOutcome> Outcomes { get; } = new();

    /// <summary>Asks every witness at once; the number of witnesses whose cosignature of the checkpoint is stored.</summary>
    public async Task<int> Cosign(SignedCheckpoint checkpoint, CancellationToken cancellation)
    {
        var cosigned = await Task.WhenAll(All.Select(witness => Cosign(witness, checkpoint, cancellation)));
        return cosigned.Count(ok => ok);
    }

    private async Task<bool> Cosign(Witness witness, SignedCheckpoint checkpoint, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The size of the latest cosignature stored from it: equal to the checkpoint's, the work is done.
            var old = await _store.CosignedSize(witness.Name, cancellation);
            if (old == checkpoint.Size) return Outcome(witness, checkpoint, "cosigned", started);
            for (var attempt = 0; ; attempt++)
            {
                var request = old > checkpoint.Size ? null : await Request(old, checkpoint, cancellation);
                if (request is null)
                {
                    // The witness cosigned a larger tree than the one now signed: the log was rolled back or forked.
                    await Refused(witness, checkpoint, 409, $"{old}\n", "(not sent: the witness holds a larger tree)", cancellation);
                    return Outcome(witness, checkpoint, $"refused: it cosigned size {old}, larger than {checkpoint.Size}", started);
                }
                using var response = await _http.CreateClient(HttpClientName).PostAsync(
                    new Uri(witness.Url, "add-checkpoint"), new StringContent(request, Encoding.UTF8, "text/plain"), cancellation);
                var answer = await response.Content.ReadAsStringAsync(cancellation);
                var status = (int)response.StatusCode;
                if (status == 200 && Cosignature(witness, checkpoint, answer) is { } line)
                {
                    await _store.AddCosignature(checkpoint.Size, witness.Name, line.Line, _clock.GetUtcNow(), cancellation);
                    return Outcome(witness, checkpoint, "cosigned", started);
                }
                if (status == 409 && attempt == 0 && long.TryParse(answer.Trim(), out var held))
                {
                    old = held;
                    continue;
                }
                await Refused(witness, checkpoint, status, answer, request, cancellation);
                return Outcome(witness, checkpoint, status == 200
                    ? "refused: its answer holds no cosignature that verifies with its key"
                    : $"refused: {status} {answer.Trim()}", started);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return Outcome(witness, checkpoint, $"unreachable: {e.Message}", started);
        }
    }

    private async Task<string> Request(long old, SignedCheckpoint checkpoint, CancellationToken cancellation)
    {
        var proof = old == 0 || old == checkpoint.Size ? [] : await _tree.ConsistencyProof(checkpoint.Size, old, cancellation);
        var body = new StringBuilder($"old {old}\n");
        foreach (var hash in proof) body.Append(Convert.ToBase64String(hash)).Append('\n');
        return body.Append('\n').Append(checkpoint.Note).ToString();
    }

    /// <summary>The witness's line among the answer's that verifies over the note, if any.</summary>
    private static NoteSignature? Cosignature(Witness witness, SignedCheckpoint checkpoint, string answer)
    {
        try
        {
            var lines = SignedNote.ParseSignatureLines(answer);
            var note = SignedNote.Parse(checkpoint.Note);
            return (note with { Signatures = lines }).Verify([witness.Key]).Select(v => v.Signature).FirstOrDefault();
        }
        catch (Exception e) when (e is FormatException or NoteSignatureException)
        {
            return null;
        }
    }

    private async Task Refused(Witness witness, SignedCheckpoint checkpoint, int status, string answer, string request,
                               CancellationToken cancellation)
    {
        _log.LogWarning("witness {Witness} refused to cosign checkpoint {Size}: {Status} {Answer}", witness.Name,
                        checkpoint.Size, status, answer.Trim());
        await _store.AddRefusal(witness.Name, checkpoint.Size, status, answer, request, _clock.GetUtcNow(), cancellation);
    }

    private bool Outcome(Witness witness, SignedCheckpoint checkpoint, string outcome, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var kind = outcome.Split(':')[0];
        Requests.Add(1, new("witness", witness.Name), new("outcome", kind));
        Latency.Record(elapsed, new KeyValuePair<string, object?>("witness", witness.Name));
        Outcomes[witness.Name] = new WitnessOutcome(_clock.GetUtcNow(), checkpoint.Size, outcome);
        return kind == "cosigned";
    }
}
