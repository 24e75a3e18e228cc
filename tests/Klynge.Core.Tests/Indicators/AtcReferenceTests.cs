using Klynge.Core.Indicators;

namespace Klynge.Core.Tests.Indicators;

public class AtcReferenceTests
{
    [Fact]
    public void Reference_list_holds_every_row_of_the_file_with_its_name_ddd_and_groups()
    {
        Assert.Equal(65, AtcReference.Drugs.Count);
        Assert.Equal(AtcReference.Drugs.Count, AtcReference.Drugs.Select(d => d.Atc).Distinct().Count());
        var diazepam = AtcReference.Drugs.Single(d => d.Atc == "N05BA01");
        Assert.Equal(("diazepam", (double?)10, "mg", "O"), (diazepam.Name, diazepam.Ddd, diazepam.DddUnit, diazepam.Route));
        Assert.Equal(["benzodiazepine", "dependency"], diazepam.Groups);
        // Eye drops have no DDD: the empty fields read as missing, not as zero.
        var chloramphenicol = AtcReference.Drugs.Single(d => d.Atc == "S01AA01");
        Assert.Equal(("chloramphenicol (eye)", (double?)null, (string?)null), (chloramphenicol.Name, chloramphenicol.Ddd, chloramphenicol.DddUnit));
    }

    [Theory]
    [InlineData("N05BA06", "lorazepam")]
    [InlineData("J01CR02", "amoxicillin and beta-lactamase inhibitor")]
    [InlineData("C03CA01", "furosemide")]
    [InlineData(" n05ba06 ", "lorazepam")]
    [InlineData("N05BA", null)]
    [InlineData("N05BA99", null)]
    public void Names_level_five_codes_in_the_reference_list_only(string code, string? name) =>
        Assert.Equal(name, AtcReference.NameOf(code));

    [Fact]
    public void Describes_a_prefix_by_its_comment_and_the_reference_products_it_covers()
    {
        var entry = AtcReference.Describe("N05BA # benzodiazepines (anxiolytics)")!;

        Assert.Equal(("N05BA", false, "benzodiazepines (anxiolytics)", (string?)null), (entry.Code, entry.Excluded, entry.Comment, entry.Name));
        Assert.Equal("benzodiazepines (anxiolytics)", entry.DisplayName);
        Assert.Equal(["N05BA01", "N05BA02", "N05BA04", "N05BA06", "N05BA12"], entry.Covers.Select(d => d.Atc));
    }

    [Fact]
    public void Describes_an_exclusion_with_the_reference_name()
    {
        var entry = AtcReference.Describe("  ~N05BA06 # lorazepam, short-acting")!;

        Assert.Equal(("N05BA06", true, "lorazepam, short-acting", "lorazepam"), (entry.Code, entry.Excluded, entry.Comment, entry.Name));
        Assert.Equal("lorazepam", entry.DisplayName);
        Assert.Equal(["N05BA06"], entry.Covers.Select(d => d.Atc));
    }

    [Fact]
    public void Describes_a_whole_list_in_order_skipping_empty_entries()
    {
        var entries = AtcReference.Describe(["N05A # antipsychotics", "", "~N05AN # lithium", "J01CE02"]);

        Assert.Equal(["N05A", "N05AN", "J01CE02"], entries.Select(e => e.Code));
        Assert.Equal([false, true, false], entries.Select(e => e.Excluded));
        Assert.Empty(entries[1].Covers);
        Assert.Equal(("phenoxymethylpenicillin", (string?)null), (entries[2].DisplayName, entries[2].Comment));
        Assert.Empty(AtcReference.Describe((IEnumerable<string>?)null));
    }
}
