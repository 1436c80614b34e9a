using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>Fresh, valid IMEIs, so that every test owns its devices.</summary>
public static class TestImei
{
    public static string Next()
    {
        var payload = string.Concat(Enumerable.Range(0, 14).Select(_ => Random.Shared.Next(10)));
        return payload + Imei.CheckDigit(payload);
    }

    /// <summary>The same IMEI with its check digit wrong.</summary>
    public static string WithWrongCheckDigit(string imei) => imei[..14] + (imei[14] - '0' + 1) % 10;
}
