using System.Collections.Frozen;
using System.Text.Json;

namespace RegionLock.Ledger.Regions;

/// <summary>
/// ISO 3166-1 countries, ISO 3166-2 subdivisions and the E.212 mobile networks that place a device in them,
/// loaded once from the reviewed data file shipped in the assembly (sources and licences are named in it).
/// </summary>
public sealed class RegionCatalogue
{
    public static RegionCatalogue Shared { get; } = Load();

    private readonly FrozenDictionary<string, Region> _regions;
    private readonly FrozenDictionary<string, MobileNetwork[]> _networksByMcc;

    private RegionCatalogue(IEnumerable<Region> regions, IEnumerable<MobileNetwork> networks)
    {
        _regions = regions.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
        _networksByMcc = networks.GroupBy(n => n.Mcc).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    public IReadOnlyCollection<Region> Regions => _regions.Values;

    public IReadOnlyCollection<MobileNetwork> Networks => _networksByMcc.Values.SelectMany(n => n).ToArray();

    public bool IsKnown(string? code) => code is not null && _regions.ContainsKey(code);

    public Region? Find(string code) => _regions.GetValueOrDefault(code);

    /// <summary>The country a region belongs to: itself for a country, the top parent for a subdivision.</summary>
    public string CountryOf(string code) =>
        _regions.TryGetValue(code, out var region) && region.Parent is { } parent ? CountryOf(parent) : code;

    /// <summary>A region and the regions that contain it, innermost first: UA-43, UA.</summary>
    public IReadOnlyList<string> AndContaining(string code) =>
        _regions.TryGetValue(code, out var region) && region.Parent is { } parent ? [code, .. AndContaining(parent)] : [code];

    /// <summary>A region and every region inside it: UA and all of Ukraine's subdivisions, UA-43 alone.</summary>
    public IReadOnlyList<string> AndWithin(string code) =>
        _regions.Keys.Where(r => IsWithin(r, code)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="code"/> is <paramref name="region"/> or lies inside it.</summary>
    public bool IsWithin(string code, string region) => AndContaining(code).Contains(region);

    public bool IsKnownMcc(string mcc) => _networksByMcc.ContainsKey(mcc);

    /// <summary>
    /// Whether a network code is evidence for a region at an instant. The MCC alone names the country; where an MNC is
    /// given and the network is mapped to a subdivision (Crimea's networks under MCC 250), that mapping is the region.
    /// </summary>
    public bool IsConsistent(string region, string mcc, string? mnc, DateTimeOffset at) =>
        RegionsFor(mcc, mnc, at).Any(r => r == region || r == CountryOf(region));

    public bool IsKnownNetwork(string mcc, string mnc) =>
        _networksByMcc.TryGetValue(mcc, out var networks) && networks.Any(n => n.Mnc == mnc);

    /// <summary>
    /// Whether a SIM's home network lies outside a region: none of the regions it serves is the region or inside it.
    /// A Crimean network under MCC 250 is inside UA-43; a Russian or a Ukrainian one is not.
    /// </summary>
    public bool IsOutside(string homeMcc, string? homeMnc, string region, DateTimeOffset at) =>
        RegionsFor(homeMcc, homeMnc, at).All(home => !IsWithin(home, region));

    public IEnumerable<string> RegionsFor(string mcc, string? mnc, DateTimeOffset at)
    {
        if (!_networksByMcc.TryGetValue(mcc, out var networks)) return [];
        var inForce = networks.Where(n => n.EffectiveFrom is null || n.EffectiveFrom <= at);
        if (mnc is not null && inForce.Where(n => n.Mnc == mnc).ToArray() is { Length: > 0 } exact)
            return exact.Select(n => n.Region).Distinct();
        return inForce.Where(n => n.Region == CountryOf(n.Region)).Select(n => n.Region).Distinct();
    }

    private static RegionCatalogue Load()
    {
        using var stream = typeof(RegionCatalogue).Assembly.GetManifestResourceStream("RegionLock.Ledger.reference-data.json")
            ?? throw new InvalidOperationException("reference-data.json is not embedded in the assembly");
        var data = JsonSerializer.Deserialize<ReferenceData>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("reference-data.json is empty");
        var countries = data.Countries.Select(c => new Region(c.Code, c.Name, null));
        return new RegionCatalogue(countries.Concat(data.Subdivisions), data.Networks);
    }

    private sealed record ReferenceData(Country[] Countries, Region[] Subdivisions, MobileNetwork[] Networks);

    private sealed record Country(string Code, string Name);
}

public sealed record Region(string Code, string Name, string? Parent);

public sealed record MobileNetwork(string Mcc, string Mnc, string Region, DateTimeOffset? EffectiveFrom);
