using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Tests.Values;

/// <summary>The measure units are a vocabulary in reference data (units.json), read once; a broken vocabulary is refused.</summary>
public sealed class MeasureUnitTests
{
    [Fact]
    public void Load_SymbolListedTwice_Refused()
    {
        var json = """{"dimensions": {"money": {"元": 1}}, "counts": ["元"]}"""u8.ToArray();

        var refused = Assert.Throws<InvalidOperationException>(() => MeasureUnit.Load(new MemoryStream(json)));

        Assert.Contains("'元'", refused.Message);
    }

    [Fact]
    public void Load_Vocabulary_LongestSymbolFirstWithItsFactor()
    {
        var json = """{"dimensions": {"money": {"元": 1, "万元": 10000}, "volume": {"L": 0.001}}, "counts": ["人", "人次"]}"""u8.ToArray();

        var units = MeasureUnit.Load(new MemoryStream(json));

        Assert.Equal(["万元", "人次", "L", "人", "元"], units.Select(u => u.Symbol));
        Assert.Equal((Dimension.Volume, 0.001m), (units.Single(u => u.Symbol == "L").Dimension, units.Single(u => u.Symbol == "L").Factor));
    }
}
