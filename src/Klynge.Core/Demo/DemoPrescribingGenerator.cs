using Klynge.Core.Meetings;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;

namespace Klynge.Core.Demo;

/// <summary>
/// The demo country's prescribing: list sizes and dispensings for every open practice over a run of
/// quarters, and a planted, known effect of cluster meetings for the evaluation to find.
/// Each practice's rows come from their own seeded random stream, so the dispensings can be streamed
/// (and streamed again) without holding them in memory, and the same inputs give the same rows.
/// </summary>
public sealed class DemoPrescribing
{
    private readonly DemoCountry _country;
    private readonly int _seed;
    private readonly Dictionary<int, double> _factorsByPracticeGroup;
    private readonly Dictionary<int, (Quarter From, string Topic)> _plantedByCluster;

    private readonly DemoDrugGroup[] _groups;

    internal DemoPrescribing(DemoCountry country, int seed, IReadOnlyList<Quarter> quarters, double scale, bool allMedicines,
        Dictionary<int, double> factors, Dictionary<int, (Quarter, string)> planted, List<Meeting> meetings, List<PlantedEffect> effects)
    {
        _groups = allMedicines ? [.. DemoDrugGroups.All, DemoDrugGroups.OtherMedicines] : DemoDrugGroups.All;
        _country = country;
        _seed = seed;
        Quarters = quarters;
        Scale = scale;
        _factorsByPracticeGroup = factors;
        _plantedByCluster = planted;
        Meetings = meetings;
        PlantedEffects = effects;
    }

    public IReadOnlyList<Quarter> Quarters { get; }
    internal DemoCountry Country => _country;
    internal int Seed => _seed;
    /// <summary>Share of each practice's listed patients that is simulated; rates per 1,000 do not depend on it.</summary>
    public double Scale { get; }
    public IReadOnlyList<Meeting> Meetings { get; }
    public IReadOnlyList<PlantedEffect> PlantedEffects { get; }

    /// <summary>Practices whose outlier factor was planted: a true, large excess in one group.</summary>
    public IReadOnlyList<(int PracticeId, string Group)> Outliers => _factorsByPracticeGroup
        .Where(f => f.Value >= DemoPrescribingGenerator.OutlierFactor)
        .Select(f => (f.Key / 100, DemoDrugGroups.All[f.Key % 100].Key))
        .ToList();

    /// <summary>Listed (simulated) patients by practice, quarter, sex and age band.</summary>
    public IEnumerable<ListSize> ListSizes()
    {
        foreach (var practice in _country.Practices)
        {
            var patients = Patients(practice);
            foreach (var quarter in Quarters.Where(q => IsOpen(practice, q)))
            {
                foreach (var group in patients.GroupBy(p => (p.Sex, Band: Math.Min(90, (quarter.Year - p.BirthYear) / 5 * 5))).OrderBy(g => g.Key))
                    yield return new ListSize { PracticeId = practice.Id, Quarter = quarter, Sex = group.Key.Sex, AgeBandFrom = group.Key.Band, Patients = group.Count() };
            }
        }
    }

    /// <summary>Every dispensing, practice by practice, in date order within a practice; includes returns.</summary>
    public IEnumerable<Dispensing> Dispensings()
    {
        foreach (var practice in _country.Practices)
        {
            foreach (var row in Dispensings(practice)) yield return row;
        }
    }

    private IEnumerable<Dispensing> Dispensings(Practice practice)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + practice.Id * 7919 + 17));
        var patients = Patients(practice);
        var groups = _groups;
        var using_ = new bool[patients.Count, groups.Length];
        var cluster = ClusterOf(practice.Id);
        var rows = new List<Dispensing>();
        var first = true;
        foreach (var quarter in Quarters)
        {
            if (!IsOpen(practice, quarter)) continue;
            var planted = cluster is int c && _plantedByCluster.TryGetValue(c, out var p) && quarter >= p.From ? p.Topic : null;
            for (var g = 0; g < groups.Length; g++)
            {
                var group = groups[g];
                var factor = _factorsByPracticeGroup.GetValueOrDefault(practice.Id * 100 + g, 1.0)
                             * (group.Seasonal?[quarter.Number - 1] ?? 1.0)
                             * (planted is not null && planted == group.Topic && group.Key != "antibiotic" ? 1 + DemoPrescribingGenerator.DependencyEffect : 1.0);
                var products = planted == "antibiotics" && group.Key == "antibiotic" ? DemoPrescribingGenerator.NarrowerAntibiotics : group.Products;
                for (var i = 0; i < patients.Count; i++)
                {
                    var patient = patients[i];
                    var age = quarter.Year - patient.BirthYear;
                    var chance = Math.Min(0.9, group.UsersPer1000PerQuarter / 1000 * group.AgeFactor(age) * factor);
                    var stay = group.Persistence * Math.Min(1, factor);
                    var start = chance * (1 - group.Persistence);
                    // The first quarter starts at the steady share of users, so long-term use does not seem to
                    // build up over the period.
                    var user = first ? random.NextDouble() < start / (1 - stay + start)
                        : using_[i, g] ? random.NextDouble() < stay
                        : random.NextDouble() < start;
                    using_[i, g] = user;
                    if (!user) continue;
                    var count = 1 + Poisson(random, group.DispensingsPerUser - 1);
                    for (var k = 0; k < count; k++)
                        AddDispensing(rows, random, patient, practice.Id, Pick(random, products), quarter);
                }
            }
            first = false;
        }
        return rows.OrderBy(r => r.DispensedOn).ThenBy(r => r.PatientId, StringComparer.Ordinal);
    }

    private static void AddDispensing(List<Dispensing> rows, Random random, DemoPatient patient, int practiceId, (string Atc, double Weight, double? DddPerPackage) product, Quarter quarter)
    {
        var day = quarter.FirstDay.AddDays(random.Next(quarter.Days));
        var packages = random.NextDouble() < 0.8 ? 1 : 2;
        rows.Add(new Dispensing
        {
            PatientId = patient.Id, BirthYear = patient.BirthYear, Sex = patient.Sex, PracticeId = practiceId,
            Atc = product.Atc, DispensedOn = day, Packages = packages, Ddd = packages * product.DddPerPackage,
        });
        // About one dispensing in a hundred is returned to the pharmacy a few days later.
        if (random.NextDouble() < 0.01)
        {
            var back = day.AddDays(random.Next(1, 6));
            rows.Add(new Dispensing
            {
                PatientId = patient.Id, BirthYear = patient.BirthYear, Sex = patient.Sex, PracticeId = practiceId,
                Atc = product.Atc, DispensedOn = back > quarter.LastDay ? quarter.LastDay : back, Packages = -1, Ddd = -product.DddPerPackage,
            });
        }
    }

    private static (string Atc, double Weight, double? DddPerPackage) Pick(Random random, (string Atc, double Weight, double? DddPerPackage)[] products)
    {
        var x = random.NextDouble() * products.Sum(p => p.Weight);
        foreach (var product in products)
        {
            x -= product.Weight;
            if (x < 0) return product;
        }
        return products[^1];
    }

    /// <summary>Knuth's multiplication method; fine for the small means used here.</summary>
    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0) return 0;
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble()) k++;
        return k;
    }

    private int? ClusterOf(int practiceId)
    {
        var day = Quarters[^1].LastDay;
        return _country.Memberships.FirstOrDefault(m => m.PracticeId == practiceId && m.IsValidOn(day))?.ClusterId;
    }

    private static bool IsOpen(Practice practice, Quarter quarter) =>
        practice.OpenedOn <= quarter.FirstDay && (practice.ClosedOn is null || practice.ClosedOn > quarter.LastDay);

    private List<DemoPatient> Patients(Practice practice)
    {
        var random = new Random(unchecked(_seed * 31 + practice.Id));
        var count = (int)Math.Round(practice.ListedPatients * Scale);
        // Ages are drawn for the first year, so nobody is dispensed medicine or listed before they are born.
        var year = Quarters[0].Year;
        var patients = new List<DemoPatient>(count);
        for (var i = 0; i < count; i++)
        {
            var band = DemoPrescribingGenerator.DrawBand(random);
            var birthYear = year - (band + random.Next(band == 90 ? 8 : 5));
            patients.Add(new DemoPatient($"P{practice.ProviderNumber}-{i:D5}", birthYear, random.Next(2) == 0 ? Sex.F : Sex.M));
        }
        return patients;
    }

    private sealed record DemoPatient(string Id, int BirthYear, Sex Sex);
}

public static class DemoPrescribingGenerator
{
    internal const double OutlierFactor = 2.5;
    /// <summary>Relative change in the use of dependency-forming medicine after a cluster's meeting on it.</summary>
    internal const double DependencyEffect = -0.20;
    /// <summary>Share of broad-spectrum antibiotics moved to penicillin V after a cluster's meeting on antibiotics.</summary>
    internal const double AntibioticShift = 0.40;

    internal static readonly (string Atc, double Weight, double? DddPerPackage)[] NarrowerAntibiotics = Shift();

    /// <summary>Danish population by five-year band (relative weights, 0-4 ... 90+).</summary>
    private static readonly double[] AgePyramid = [5.5, 5.6, 5.9, 6.1, 6.6, 6.9, 6.5, 6.0, 6.0, 6.6, 7.0, 6.8, 6.0, 5.5, 5.3, 4.4, 2.8, 1.4, 0.8];

    /// <summary>
    /// Builds the demo prescribing for the <paramref name="quarters"/> quarters ending with <paramref name="last"/>.
    /// A quarter of the clusters meet on dependency-forming medicine and another quarter on antibiotics in the
    /// middle of the period; from the next quarter their practices' use falls (dependency) or moves to
    /// penicillin V (antibiotics, with no fall in the total, as a register study found).
    /// </summary>
    /// <param name="allMedicines">Also prescribe <see cref="DemoDrugGroups.OtherMedicines"/>, for national-size data.</param>
    public static DemoPrescribing Generate(DemoCountry country, int seed, Quarter last, int quarters = 8, double scale = 0.1, bool allMedicines = false)
    {
        if (scale is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(scale), "The scale is a share of listed patients, above 0 and at most 1.");
        var random = new Random(seed ^ 0x5eed);
        var list = new List<Quarter> { last };
        while (list.Count < quarters) list.Insert(0, list[0].Previous);

        var factors = new Dictionary<int, double>();
        foreach (var practice in country.Practices)
        {
            for (var g = 0; g < DemoDrugGroups.All.Length; g++)
                factors[practice.Id * 100 + g] = Math.Exp(Normal(random) * 0.25);
            if (random.NextDouble() < 0.015)
                factors[practice.Id * 100 + random.Next(0, 5)] = OutlierFactor;
        }

        var meetingQuarter = list[quarters / 2 - 1];
        var clusters = country.Clusters.Select(c => c.Id).OrderBy(_ => random.Next()).ToList();
        var share = clusters.Count / 4;
        var planted = new Dictionary<int, (Quarter, string)>();
        var meetings = new List<Meeting>();
        var effects = new List<PlantedEffect>();
        var topics = new[] { ("dependency-forming-medicine", "Afhængighedsskabende medicin"), ("antibiotics", "Antibiotika") };
        for (var t = 0; t < topics.Length; t++)
        {
            foreach (var clusterId in clusters.Skip(t * share).Take(share))
            {
                var day = DemoMeetingGenerator.Weekday(meetingQuarter.FirstDay.AddDays(random.Next(10, 80)));
                var meeting = new Meeting
                {
                    Id = meetings.Count + 1,
                    ClusterId = clusterId,
                    StartsAt = day.ToDateTime(new TimeOnly(15, 30), DateTimeKind.Utc),
                    TopicId = topics[t].Item1,
                    Title = topics[t].Item2,
                };
                meetings.Add(meeting);
                planted[clusterId] = (meetingQuarter.Next, topics[t].Item1);
                foreach (var (indicator, change) in t == 0
                             ? new[] { ("benzodiazepine-users", DependencyEffect), ("opioid-ddd", DependencyEffect), ("older-benzodiazepine-users", DependencyEffect) }
                             : new[] { ("penicillin-v-share", PenicillinShareChange()), ("antibiotic-dispensings", 0.0) })
                {
                    effects.Add(new PlantedEffect
                    {
                        Id = effects.Count + 1, MeetingId = meeting.Id, ClusterId = clusterId, TopicId = meeting.TopicId,
                        IndicatorId = indicator, RelativeChange = change, FromQuarter = meetingQuarter.Next.ToKey(),
                    });
                }
            }
        }
        return new DemoPrescribing(country, seed, list, scale, allMedicines, factors, planted, meetings, effects);
    }

    internal static int DrawBand(Random random)
    {
        var x = random.NextDouble() * AgePyramid.Sum();
        for (var i = 0; i < AgePyramid.Length; i++)
        {
            x -= AgePyramid[i];
            if (x < 0) return i * 5;
        }
        return 90;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (string Atc, double Weight, double? DddPerPackage)[] Shift()
    {
        var products = DemoDrugGroups.All.Single(g => g.Key == "antibiotic").Products;
        var broad = new HashSet<string> { "J01CA04", "J01CR02", "J01MA02" };
        var moved = products.Where(p => broad.Contains(p.Atc)).Sum(p => p.Weight) * AntibioticShift;
        return products.Select(p => p.Atc == "J01CE02" ? p with { Weight = p.Weight + moved }
            : broad.Contains(p.Atc) ? p with { Weight = p.Weight * (1 - AntibioticShift) } : p).ToArray();
    }

    /// <summary>The relative rise in the penicillin V share that the shift plants (the total is unchanged).</summary>
    private static double PenicillinShareChange()
    {
        var before = DemoDrugGroups.All.Single(g => g.Key == "antibiotic").Products;
        double Share((string Atc, double Weight, double? DddPerPackage)[] p) => p.Single(x => x.Atc == "J01CE02").Weight / p.Sum(x => x.Weight);
        return Share(NarrowerAntibiotics) / Share(before) - 1;
    }
}
