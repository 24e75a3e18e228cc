using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry;

/// <summary>The five regions and 98 municipalities every Klynge database holds.</summary>
public static class ReferenceData
{
    public record MunicipalityRow(int Code, string Name, int RegionCode, string RegionName, int Population);

    public static IReadOnlyList<MunicipalityRow> Municipalities { get; } = LoadMunicipalities();

    public static IReadOnlyList<Region> Regions() => Municipalities
        .GroupBy(m => (m.RegionCode, m.RegionName))
        .OrderBy(g => g.Key.RegionCode)
        .Select(g => new Region { Code = g.Key.RegionCode, Name = g.Key.RegionName })
        .ToList();

    /// <summary>Inserts regions and municipalities that are missing; leaves existing rows alone.</summary>
    public static async Task EnsureAsync(KlyngeDbContext db, CancellationToken ct = default)
    {
        var regions = await db.Regions.Select(r => r.Code).ToListAsync(ct);
        var municipalities = await db.Municipalities.Select(m => m.Code).ToListAsync(ct);
        db.Regions.AddRange(Regions().Where(r => !regions.Contains(r.Code)));
        db.Municipalities.AddRange(Municipalities.Where(m => !municipalities.Contains(m.Code)).Select(m =>
            new Municipality { Code = m.Code, Name = m.Name, RegionCode = m.RegionCode, Population = m.Population }));
        await db.SaveChangesAsync(ct);
    }

    private static List<MunicipalityRow> LoadMunicipalities()
    {
        var assembly = typeof(ReferenceData).Assembly;
        using var stream = assembly.GetManifestResourceStream($"{assembly.GetName().Name}.Registry.Seed.municipalities.csv")!;
        using var reader = new StreamReader(stream);
        var rows = new List<MunicipalityRow>();
        reader.ReadLine(); // header: municipality_code,municipality,region_code,region,approx_population_2024
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            rows.Add(new MunicipalityRow(int.Parse(f[0]), f[1], int.Parse(f[2]), f[3], int.Parse(f[4])));
        }
        return rows;
    }
}
