namespace Klynge.Core.Indicators;

public enum ResultLevel { Practice, Cluster, Region, Nation }

/// <summary>Where a practice lies relative to the national funnel limits (Spiegelhalter 2005).</summary>
public enum FunnelPosition { Inside, Above95, Above998, Below95, Below998 }

/// <summary>
/// One indicator for one unit (practice, cluster, region, nation) and one quarter. Higher levels sum
/// numerators and denominators of their practices; they never average ratios.
/// </summary>
public class IndicatorResult
{
    public required string IndicatorId { get; set; }
    public ResultLevel Level { get; set; }
    /// <summary>Ydernummer, cluster id, region code, or <c>DK</c>.</summary>
    public required string UnitId { get; set; }
    /// <summary>The quarter as <see cref="Prescribing.Quarter.ToKey"/>.</summary>
    public int Quarter { get; set; }
    public double Numerator { get; set; }
    public double Denominator { get; set; }
    /// <summary>Null when the denominator is 0.</summary>
    public double? Value { get; set; }
    /// <summary>Age- and sex-standardised value (direct standardisation), for rate indicators.</summary>
    public double? StandardisedValue { get; set; }
    /// <summary>National percent rank of a practice, 0-100.</summary>
    public double? Percentile { get; set; }
    public FunnelPosition? Funnel { get; set; }
    /// <summary>Numerator of 1-4: suppressed in views below national level.</summary>
    public bool SmallNumber { get; set; }
}
