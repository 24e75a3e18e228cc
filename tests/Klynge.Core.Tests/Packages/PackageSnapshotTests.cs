using System.Text.Json.Nodes;
using Klynge.Core.Packages;

namespace Klynge.Core.Tests.Packages;

/// <summary>How a snapshot is stored: the funnel as arrays, and a version 1 snapshot (funnel as objects) still read.</summary>
public sealed class PackageSnapshotTests
{
    [Fact]
    public void The_funnel_is_stored_as_arrays_and_reads_back_the_same()
    {
        var snapshot = PackageDocumentTests.Snapshot();

        var json = snapshot.ToJson();
        var indicator = JsonNode.Parse(json)!["indicators"]![0]!;

        Assert.Equal("[[50,40],[100,55],[400,60]]", indicator["funnel"]!.ToJsonString());
        Assert.Equal("[[50,35,41,69,75],[400,47,50,60,63]]", indicator["limits"]!.ToJsonString());
        Assert.Equal(2, JsonNode.Parse(json)!["version"]!.GetValue<int>());
        var read = PackageSnapshot.FromJson(json).Indicators[0];
        Assert.Equal(snapshot.Indicators[0].Funnel, read.Funnel);
        Assert.Equal(snapshot.Indicators[0].Limits, read.Limits);
    }

    [Fact]
    public void A_version_1_snapshot_with_the_funnel_as_objects_reads_as_it_did()
    {
        var snapshot = PackageDocumentTests.Snapshot();
        var old = JsonNode.Parse(snapshot.ToJson())!;
        old["version"] = 1;
        old["indicators"]![0]!["funnel"] = JsonNode.Parse("""[{"denominator":50,"value":40},{"denominator":100,"value":55},{"denominator":400,"value":60.123456789}]""");
        old["indicators"]![0]!["limits"] = JsonNode.Parse("""[{"denominator":50,"lower998":35,"lower95":41,"upper95":69,"upper998":75}]""");

        var read = PackageSnapshot.FromJson(old.ToJsonString());

        Assert.Equal(1, read.Version);
        Assert.Equal([new FunnelPoint(50, 40), new FunnelPoint(100, 55), new FunnelPoint(400, 60.123456789)], read.Indicators[0].Funnel);
        Assert.Equal([new FunnelBand(50, 35, 41, 69, 75)], read.Indicators[0].Limits);
    }

    [Fact]
    public void A_funnel_entry_of_the_wrong_length_is_refused()
    {
        var broken = JsonNode.Parse(PackageDocumentTests.Snapshot().ToJson())!;
        broken["indicators"]![0]!["funnel"] = JsonNode.Parse("[[50,40,7]]");

        Assert.Throws<System.Text.Json.JsonException>(() => PackageSnapshot.FromJson(broken.ToJsonString()));
    }

    [Theory]
    [InlineData(123.456789, 4, 123.5)]
    [InlineData(0.000123456, 3, 0.000123)]
    [InlineData(123456.7, 4, 123457)]
    [InlineData(-2.71828, 2, -2.7)]
    [InlineData(0, 6, 0)]
    public void Rounding_to_significant_digits_never_rounds_the_integer_part(double value, int digits, double expected) =>
        Assert.Equal(expected, SignificantDigits.Round(value, digits));
}
