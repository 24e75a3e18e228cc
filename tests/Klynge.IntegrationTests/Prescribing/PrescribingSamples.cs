using Klynge.Core.Data;
using Klynge.Core.Registry;

namespace Klynge.IntegrationTests.Prescribing;

/// <summary>Practices and small CSV files for the prescribing import tests.</summary>
public static class PrescribingSamples
{
    public const string DispensingsHeader = "patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd";
    public const string ListSizesHeader = "practice_id,quarter,sex,age_band,patients";

    public static readonly string[] ProviderNumbers = ["171020", "171021", "042017"];

    /// <summary>Adds the sample practices (municipality 101 exists in every database); returns ydernummer to id.</summary>
    public static async Task<Dictionary<string, int>> AddPracticesAsync(KlyngeDbContext db)
    {
        var practices = ProviderNumbers.Select(n => new Practice
        {
            ProviderNumber = n,
            Name = $"Lægehuset {n}",
            MunicipalityCode = 101,
            OpenedOn = new DateOnly(2000, 1, 1),
        }).ToList();
        db.Practices.AddRange(practices);
        await db.SaveChangesAsync();
        return practices.ToDictionary(p => p.ProviderNumber, p => p.Id);
    }

    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Writes a dispensings file of <paramref name="rows"/> valid rows, all in 2024-Q1, quickly.</summary>
    public static void WriteBigDispensings(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        writer.Write(DispensingsHeader + "\n");
        string[] atcs = ["N05BA01", "N05CD08", "J01CE02", "N02AA01", "J01CA04", "C10AA05"];
        for (var i = 0; i < rows; i++)
        {
            var day = 1 + i % 28;
            var month = 1 + i / 7 % 3;
            var packages = i % 50 == 0 ? -1 : 1 + i % 3;
            writer.Write("p");
            writer.Write(i % 200_000);
            writer.Write(',');
            writer.Write(1930 + i % 80);
            writer.Write(i % 2 == 0 ? ",F," : ",M,");
            writer.Write(ProviderNumbers[i % ProviderNumbers.Length]);
            writer.Write(',');
            writer.Write(atcs[i % atcs.Length]);
            writer.Write($",2024-{month:D2}-{day:D2},");
            writer.Write(packages);
            writer.Write(',');
            if (i % 10 != 0) writer.Write((packages * 30.5m).ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }
}
