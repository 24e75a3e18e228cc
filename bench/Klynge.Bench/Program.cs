using System.Diagnostics;
using System.Globalization;
using System.Text;
using Klynge.Core.Demo;
using Klynge.Core.Prescribing;

// Times package PDFs, for scripts/bench-packages (see PdfBench):
//   Klynge.Bench pdf WEBROOT [COUNT [OUTFOLDER]]
if (args is ["pdf", var webRoot, ..])
    return await Klynge.Bench.PdfBench.RunAsync(webRoot, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5, args.Length > 3 ? args[3] : null);

// Writes the demo country's prescribing as import files, for scripts/bench:
//   Klynge.Bench FOLDER SCALE [QUARTERS]
// gives FOLDER/dispensings.csv and FOLDER/list-sizes.csv: QUARTERS (default 4) quarters ending with the last
// complete quarter, SCALE of every practice's listed patients, all medicines (see DemoDrugGroups.OtherMedicines).
// The country is the default demo seed for today, the one `klynge demo --registry-only` writes on the same day,
// so every practice_id in the files is known to that database.
if (args.Length is < 2 or > 3
    || !double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale is <= 0 or > 1
    || !int.TryParse(args.Length == 3 ? args[2] : "4", out var quarters) || quarters < 1)
{
    Console.Error.WriteLine("usage: Klynge.Bench FOLDER SCALE [QUARTERS]   (SCALE above 0, at most 1)");
    return 2;
}
var folder = Directory.CreateDirectory(args[0]).FullName;
var clock = Stopwatch.StartNew();
var country = DemoCountryGenerator.Generate(DemoCountryGenerator.DefaultSeed, DateOnly.FromDateTime(DateTime.Today));
var prescribing = DemoPrescribingGenerator.Generate(country, DemoCountryGenerator.DefaultSeed,
    DemoSetupDefaults.LastCompleteQuarter(country.Today), quarters, scale, allMedicines: true);
var ydernummer = country.Practices.ToDictionary(p => p.Id, p => p.ProviderNumber);
var utf8 = new UTF8Encoding(false);
var culture = CultureInfo.InvariantCulture;

long rows = 0;
// Written under a temporary name and renamed at the end, so an interrupted run never leaves a file that looks whole.
var partial = Path.Combine(folder, "dispensings.csv.partial");
using (var writer = new StreamWriter(partial, false, utf8, 1 << 20))
{
    writer.Write("patient_id,birth_year,sex,practice_id,atc,dispensed_on,packages,ddd\n");
    foreach (var d in prescribing.Dispensings())
    {
        writer.Write(string.Create(culture, $"{d.PatientId},{d.BirthYear},{d.Sex},{ydernummer[d.PracticeId]},{d.Atc},{d.DispensedOn:yyyy-MM-dd},{d.Packages},{d.Ddd}\n"));
        rows++;
    }
}
File.Move(partial, Path.Combine(folder, "dispensings.csv"), overwrite: true);
using (var writer = new StreamWriter(Path.Combine(folder, "list-sizes.csv"), false, utf8, 1 << 16))
{
    writer.Write("practice_id,quarter,sex,age_band,patients\n");
    foreach (var l in prescribing.ListSizes())
        writer.Write(string.Create(culture, $"{ydernummer[l.PracticeId]},{l.Quarter},{l.Sex},{ListSize.BandLabel(l.AgeBandFrom)},{l.Patients}\n"));
}
Console.WriteLine(string.Create(culture, $"{rows} dispensings over {prescribing.Quarters[0]}..{prescribing.Quarters[^1]} written to {folder} in {clock.Elapsed.TotalSeconds:0.0} s"));
return 0;
