namespace Klynge.Core.Registry;

/// <summary>One of the five Danish regions, identified by its official code (1081-1085).</summary>
public class Region
{
    public int Code { get; set; }
    public required string Name { get; set; }
    public List<Municipality> Municipalities { get; set; } = [];
}

/// <summary>One of the 98 municipalities, with its official code and approximate population.</summary>
public class Municipality
{
    public int Code { get; set; }
    public required string Name { get; set; }
    public int RegionCode { get; set; }
    public Region? Region { get; set; }
    public int Population { get; set; }
}
