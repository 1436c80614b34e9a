using RegionLock.Transparency;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.Benchmarks;

/// <summary>
/// Micro case: the hashing verification does per event (RFC 9162 leaf hash, then the chain step) against one plain
/// SHA-256 of the same bytes, on a canonical encoding of a typical event's size.
/// </summary>
[MemoryDiagnoser]
public class ChainHashing
{
    private readonly byte[] _encoding = Encoding.UTF8.GetBytes(
        """{"id": "0193a0b1-7c1e-7d2a-9f1b-2c3d4e5f6a7b", "data": {"imei": "350000000000017", "mcc": null, "mnc": null, "region": "IR", "signal": "sim_mcc", "observedAt": "2021-09-20T10:00:00+00:00"}, "type": "device_observed", "stream": "350000000000017", "headers": {"role": "enforcement", "request": "POST /api/devices/350000000000017/observations", "principal": "pipeline-eu-1"}, "version": 2, "sequence": 1234567, "userName": "pipeline-eu-1", "recordedAt": "2021-09-20T10:00:01.123456Z", "causationId": "POST /api/devices/350000000000017/observations#0HN7", "correlationId": "4bf92f3577b34da6a3ce929d0e0e4736"}""");
    private readonly byte[] _previous = new byte[32];

    [Benchmark(Baseline = true)]
    public byte[] PlainSha256() => SHA256.HashData(_encoding);

    [Benchmark]
    public byte[] LeafAndChainHash() => HashChain.Next(_previous, MerkleTree.LeafHash(_encoding));
}
