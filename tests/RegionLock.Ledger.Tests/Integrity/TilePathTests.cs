using RegionLock.Ledger.Integrity.Log;

namespace RegionLock.Ledger.Tests.Integrity;

/// <summary>Tile paths exactly as c2sp.org/tlog-tiles writes them, and nothing else.</summary>
public sealed class TilePathTests
{
    [Theory]
    [InlineData("0/000", 0, 0, 256)]
    [InlineData("0/x001/x234/067", 0, 1_234_067, 256)]
    [InlineData("1/x001/234.p/17", 1, 1_234, 17)]
    [InlineData("63/999.p/255", 63, 999, 255)]
    [InlineData("2/000.p/1", 2, 0, 1)]
    public void a_tile_path_of_the_grammar_reads(string path, int level, long index, int width) =>
        Assert.Equal(new TilePath(level, index, width), TilePath.Parse(path, entries: false));

    [Theory]
    [InlineData("000", 0, 256)]
    [InlineData("x001/x234/067.p/3", 1_234_067, 3)]
    public void an_entry_bundle_path_reads(string path, long index, int width) =>
        Assert.Equal(new TilePath(0, index, width), TilePath.Parse(path, entries: true));

    [Theory]
    [InlineData("0/0")]
    [InlineData("0/0000")]
    [InlineData("00/000")]
    [InlineData("64/000")]
    [InlineData("0/x000/001")]
    [InlineData("0/001/002")]
    [InlineData("0/x001/x002")]
    [InlineData("0/000.p/0")]
    [InlineData("0/000.p/256")]
    [InlineData("0/000.p/01")]
    [InlineData("0/000.p")]
    [InlineData("0/000.q/5")]
    [InlineData("0/x999/x999/x999/x999/x999/x999/999")]
    [InlineData("-1/000")]
    [InlineData("0/ 00")]
    [InlineData("0")]
    [InlineData("")]
    public void a_path_outside_the_grammar_is_none(string path) => Assert.Null(TilePath.Parse(path, entries: false));

    [Fact]
    public void the_independent_verifier_writes_the_paths_the_log_reads()
    {
        foreach (var index in new long[] { 0, 1, 999, 1000, 1_234_067, 999_999_999 })
        foreach (var width in new[] { 1, 17, 256 })
        {
            var path = C2spVerifier.TilePath("3", index, width)["tile/".Length..];
            Assert.Equal(new TilePath(3, index, width), TilePath.Parse(path, entries: false));
        }
    }
}
