namespace Klynge.Core.Demo;

/// <summary>
/// A drug group as the demo prescribes it: which products, how many listed patients use it in a
/// quarter, at which ages, how long use lasts, and how much each dispensing holds. The rates are
/// round figures of the right order for Danish general practice, not published statistics.
/// </summary>
internal sealed record DemoDrugGroup(
    string Key,
    (string Atc, double Weight, double? DddPerPackage)[] Products,
    double UsersPer1000PerQuarter,
    Func<int, double> AgeFactor,
    double Persistence,
    double DispensingsPerUser,
    string? Topic = null,
    double[]? Seasonal = null);

internal static class DemoDrugGroups
{
    private static double Older(int age) => age switch { < 18 => 0.05, < 40 => 0.4, < 65 => 1.0, < 80 => 2.0, _ => 2.6 };
    private static double Adults(int age) => age switch { < 18 => 0.1, < 40 => 0.6, < 65 => 1.1, _ => 1.5 };
    private static double Everyone(int age) => age switch { < 5 => 1.6, < 15 => 1.0, < 65 => 0.9, _ => 1.4 };
    private static double Children(int age) => age < 15 ? 4.0 : 0.15;
    private static double From40(int age) => age switch { < 30 => 0.05, < 40 => 0.3, < 60 => 1.0, _ => 2.2 };

    public static readonly DemoDrugGroup[] All =
    [
        new("benzodiazepine", [("N05BA01", 0.45, 50), ("N05BA04", 0.35, 30), ("N05BA12", 0.05, 50), ("N05CD02", 0.15, 20)],
            18, Older, 0.70, 1.7, "dependency-forming-medicine"),
        new("z-drug", [("N05CF01", 0.7, 30), ("N05CF02", 0.3, 30)], 16, Older, 0.70, 1.6, "dependency-forming-medicine"),
        new("opioid", [("N02AX02", 0.40, 20), ("N02AA05", 0.30, 15), ("N02AA01", 0.12, 15), ("N02AB03", 0.06, 10), ("N02AE01", 0.12, 10)],
            38, Older, 0.60, 1.9, "dependency-forming-medicine"),
        new("gabapentinoid", [("N03AX16", 0.8, 28), ("N03AX12", 0.2, 30)], 14, Adults, 0.80, 2.0, "dependency-forming-medicine"),
        new("antibiotic", [("J01CE02", 0.36, 7), ("J01CA04", 0.14, 7), ("J01CR02", 0.07, 7), ("J01CA08", 0.12, 5), ("J01EA01", 0.07, 5),
                ("J01XE01", 0.05, 5), ("J01FA09", 0.05, 7), ("J01FA01", 0.02, 7), ("J01FA10", 0.02, 3), ("J01MA02", 0.03, 7),
                ("J01DB01", 0.02, 7), ("J01AA02", 0.03, 10), ("J01CF05", 0.02, 7)],
            72, Everyone, 0.04, 1.15, "antibiotics", [1.3, 1.0, 0.75, 1.0]),
        new("eye-antibiotic", [("S01AA01", 0.8, null), ("S01AA13", 0.2, null)], 4, Children, 0.0, 1.05, "eye-drops-children", [1.2, 1.0, 0.8, 1.0]),
        new("nsaid", [("M01AE01", 0.6, 20), ("M01AE02", 0.25, 20), ("M01AB05", 0.15, 20)], 28, Adults, 0.35, 1.2, "older-patients-polypharmacy"),
        new("antipsychotic", [("N05AH04", 0.7, 25), ("N05AX08", 0.3, 20)], 7, Older, 0.85, 2.2, "older-patients-polypharmacy"),
        new("antidepressant", [("N06AB04", 0.4, 50), ("N06AB06", 0.35, 50), ("N06AX11", 0.25, 30)], 45, Adults, 0.88, 2.0),
        new("diabetes", [("A10BA02", 0.55, 50), ("A10BK01", 0.12, 30), ("A10BK03", 0.08, 30), ("A10BJ06", 0.10, 30), ("A10BH01", 0.06, 30),
                ("A10BB12", 0.04, 30), ("A10AE04", 0.05, 40)], 45, From40, 0.95, 2.2),
        new("copd-asthma", [("R03AC02", 0.45, 25), ("R03BA02", 0.2, 25), ("R03BA05", 0.1, 25), ("R03BB04", 0.25, 30)], 40, Everyone, 0.75, 1.6),
        new("cardiovascular", [("C10AA05", 0.25, 100), ("C10AA01", 0.1, 100), ("C09AA05", 0.2, 100), ("C08CA01", 0.2, 100),
                ("C07AB02", 0.15, 100), ("C03CA01", 0.1, 50)], 150, From40, 0.95, 1.4),
        new("ppi", [("A02BC01", 0.5, 56), ("A02BC02", 0.5, 56)], 60, Adults, 0.7, 1.3),
        new("anticoagulant", [("B01AF02", 0.6, 56), ("B01AF01", 0.4, 56)], 25, From40, 0.93, 1.5),
    ];

    /// <summary>
    /// Everything else general practice prescribes, as one group of common products: it brings the number of
    /// dispensings to national size (about 55 million a year at scale 1) and gives the polypharmacy indicator
    /// realistic counts. No indicator but polypharmacy reads it, so the web demo leaves it out to start quickly.
    /// </summary>
    public static readonly DemoDrugGroup OtherMedicines = new("other",
        [("A11CC05", 0.08, 100), ("B01AC06", 0.08, 100), ("H03AA01", 0.05, 100), ("M04AA01", 0.03, 100), ("C09CA01", 0.05, 98),
            ("C03AB01", 0.03, 100), ("C03DA01", 0.02, 100), ("C07AB07", 0.03, 100), ("A06AD65", 0.05, 30), ("A12BA01", 0.03, 50),
            ("B03BA01", 0.03, 100), ("B03AA07", 0.02, 50), ("B03BB01", 0.02, 100), ("G04CA02", 0.03, 30), ("G04CB01", 0.01, 98),
            ("G03AA07", 0.04, 84), ("G03CA03", 0.02, 84), ("H02AB06", 0.02, 20), ("N02BE01", 0.08, 33), ("N06DA02", 0.01, 98),
            ("N04BA02", 0.01, 100), ("N05CH01", 0.03, 30), ("R06AE07", 0.03, 30), ("D07AC01", 0.03, null), ("S01ED51", 0.02, null),
            ("M05BA04", 0.02, 4), ("L04AX03", 0.01, 12), ("C01DA02", 0.01, 100), ("B01AA03", 0.01, 100), ("A07EC02", 0.01, 50),
            ("N02CC01", 0.02, 6), ("G04BD08", 0.02, 30), ("R01AD09", 0.03, null), ("A03FA01", 0.01, 20), ("N03AG01", 0.01, 50)],
        600, age => age switch { < 18 => 0.25, < 40 => 0.5, < 65 => 0.9, < 80 => 1.6, _ => 1.75 }, 0.9, 6.0);
}
