using System.Globalization;
using System.Text;

// Writes synthetic input for measuring the prescribing import:
//   klynge-bench FOLDER ROWS
// gives FOLDER/practices.csv, clusters.csv, memberships.csv (50 practices, for `klynge import registry`)
// and FOLDER/dispensings-ROWS.csv (ROWS dispensings over 2024, for `klynge import dispensings`).
if (args.Length != 2 || !int.TryParse(args[1], out var rows) || rows < 0)
{
    Console.Error.WriteLine("usage: Klynge.Bench FOLDER ROWS");
    return 2;
}
var folder = Directory.CreateDirectory(args[0]).FullName;
var utf8 = new UTF8Encoding(false);
var practices = Enumerable.Range(0, 50).Select(i => (100001 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
File.WriteAllLines(Path.Combine(folder, "practices.csv"),
    ["practice_id,name,municipality_code,opened_on,closed_on", .. practices.Select(p => $"{p},Practice {p},101,2000-01-01,")], utf8);
File.WriteAllText(Path.Combine(folder, "clusters.csv"), "cluster_id,name,region_code,data_sharing\n", utf8);
File.WriteAllText(Path.Combine(folder, "memberships.csv"), "practice_id,cluster_id,valid_from,valid_to\n", utf8);

string[] atcs = ["N05BA01", "N05BA04", "N05CD08", "N05CF01", "J01CE02", "J01CA04", "J01FA09", "N02AA01", "N02AX02", "C10AA05", "A10BA02", "S01ED51"];
var random = new Random(20241);
var path = Path.Combine(folder, $"dispensings-{rows}.csv");
using (var writer = new StreamWriter(path, false, utf8, 1 << 16))
{
    writer.Write("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd\n");
    var start = new DateOnly(2024, 1, 1);
    for (var i = 0; i < rows; i++)
    {
        var patient = random.Next(400_000);
        var packages = random.Next(40) == 0 ? -1 : 1 + random.Next(3);
        var atc = atcs[patient % atcs.Length];
        var day = start.AddDays(random.Next(366));
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"pt{patient:D6},{1925 + patient % 99},{(patient % 2 == 0 ? 'F' : 'M')},{practices[patient % practices.Length]},{atc},{day:yyyy-MM-dd},{packages},"));
        if (atc != "S01ED51") writer.Write((packages * 25.5m).ToString(CultureInfo.InvariantCulture));
        writer.Write('\n');
    }
}
Console.WriteLine(path);
return 0;
