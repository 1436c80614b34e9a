namespace RegionLock.Ledger.Devices;

/// <summary>An IMEI: 15 digits, the last a Luhn check digit over the first 14.</summary>
public static class Imei
{
    public const int Length = 15;

    public static bool IsWellFormed(string? imei) => imei is { Length: Length } && imei.All(char.IsAsciiDigit);

    public static bool IsValid(string? imei) => IsWellFormed(imei) && CheckDigit(imei![..14]) == imei[14] - '0';

    /// <summary>The Luhn digit that completes 14 digits: every second digit from the right of the payload doubled.</summary>
    public static int CheckDigit(string payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var digit = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0) digit = digit * 2 is var doubled && doubled > 9 ? doubled - 9 : doubled;
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
