using RegionLock.Ledger.Regions;

namespace RegionLock.Ledger.Tests.Regions;

/// <summary>Checks the shipped reference data file: complete, well-formed, and right about the regions that matter.</summary>
public class RegionCatalogueTests
{
    private static readonly RegionCatalogue Catalogue = RegionCatalogue.Shared;
    private static readonly DateTimeOffset September2021 = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("IR", "Iran")]
    [InlineData("CU", "Cuba")]
    [InlineData("SY", "Syria")]
    [InlineData("SD", "Sudan")]
    [InlineData("KP", "Korea")]
    [InlineData("SS", "South Sudan")]
    [InlineData("UA-43", "Krym")]
    [InlineData("UA-40", "Sevastopol")]
    public void sanctioned_regions_are_known(string code, string namePart)
    {
        Assert.True(Catalogue.IsKnown(code));
        Assert.Contains(namePart, Catalogue.Find(code)!.Name);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ir")]
    [InlineData("UA-99")]
    [InlineData("IRN")]
    [InlineData("")]
    [InlineData(null)]
    public void unknown_codes_are_refused(string? code) => Assert.False(Catalogue.IsKnown(code));

    [Fact]
    public void every_country_and_subdivision_is_well_formed_and_unique()
    {
        var countries = Catalogue.Regions.Where(r => r.Parent is null).ToList();
        Assert.InRange(countries.Count, 245, 255);
        Assert.All(countries, c => Assert.Matches("^[A-Z]{2}$", c.Code));
        Assert.All(Catalogue.Regions.Where(r => r.Parent is not null), s =>
        {
            Assert.Matches("^[A-Z]{2}-[A-Z0-9]{1,3}$", s.Code);
            Assert.True(Catalogue.IsKnown(s.Parent), $"{s.Code} has unknown parent {s.Parent}");
            Assert.StartsWith(Catalogue.CountryOf(s.Code) + "-", s.Code);
        });
        Assert.True(Catalogue.Regions.Count > 4000, "ISO 3166-2 subdivisions are missing");
    }

    [Fact]
    public void every_network_is_well_formed_and_in_a_known_region()
    {
        Assert.True(Catalogue.Networks.Count > 2000);
        Assert.All(Catalogue.Networks, n =>
        {
            Assert.Matches("^[0-9]{3}$", n.Mcc);
            Assert.Matches("^[0-9]{2,3}$", n.Mnc);
            Assert.True(Catalogue.IsKnown(n.Region), $"{n.Mcc}-{n.Mnc} maps to unknown {n.Region}");
        });
    }

    [Theory]
    [InlineData("432", "IR")]
    [InlineData("368", "CU")]
    [InlineData("417", "SY")]
    [InlineData("634", "SD")]
    [InlineData("659", "SS")]
    [InlineData("467", "KP")]
    [InlineData("250", "RU")]
    public void country_codes_of_the_spec_map_to_their_country(string mcc, string country) =>
        Assert.Equal([country], Catalogue.RegionsFor(mcc, null, September2021));

    [Theory]
    [InlineData("32", "UA-43")]
    [InlineData("33", "UA-40")]
    [InlineData("34", "UA-43")]
    [InlineData("60", "UA-43")]
    [InlineData("61", "UA-43")]
    public void crimean_networks_under_russias_mcc_map_to_crimea_since_2014(string mnc, string region)
    {
        Assert.Equal([region], Catalogue.RegionsFor("250", mnc, September2021));
        Assert.True(Catalogue.IsConsistent(region, "250", mnc, September2021));
        Assert.False(Catalogue.IsConsistent("RU", "250", mnc, September2021));
        Assert.DoesNotContain(region, Catalogue.RegionsFor("250", mnc, new DateTimeOffset(2013, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void a_subdivision_is_consistent_with_its_countrys_mcc() =>
        Assert.True(Catalogue.IsConsistent("IR-23", "432", null, September2021));

    [Fact]
    public void another_countrys_mcc_is_not_consistent()
    {
        Assert.False(Catalogue.IsConsistent("IR", "368", null, September2021));
        Assert.False(Catalogue.IsConsistent("SD", "659", null, September2021));
        Assert.False(Catalogue.IsConsistent("UA-43", "250", null, September2021));
    }
}
