using Klynge.Core.Demo;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Demo;

/// <summary>The demo prescribing has the right order of magnitude, is reproducible, and carries its planted effect.</summary>
public class DemoPrescribingGeneratorTests
{
    private static readonly DemoCountry Country = DemoCountryGenerator.Generate(2018, new DateOnly(2025, 6, 1));
    private static readonly Quarter Last = Quarter.Parse("2025-Q1");
    private static readonly DemoPrescribing Rx = DemoPrescribingGenerator.Generate(Country, 7, Last, scale: 0.05);
    private static readonly List<Dispensing> Rows = Rx.Dispensings().ToList();
    private static readonly List<ListSize> Lists = Rx.ListSizes().ToList();

    [Fact]
    public void The_same_inputs_give_the_same_rows()
    {
        var again = DemoPrescribingGenerator.Generate(Country, 7, Last, scale: 0.05).Dispensings().Take(5_000).ToList();
        Assert.Equal(Rows.Take(5_000).Select(Key), again.Select(Key));
        var other = DemoPrescribingGenerator.Generate(Country, 8, Last, scale: 0.05).Dispensings().Take(5_000).ToList();
        Assert.NotEqual(Rows.Take(5_000).Select(Key), other.Select(Key));
    }

    [Fact]
    public void Eight_quarters_of_list_sizes_match_the_simulated_share_of_each_list()
    {
        Assert.Equal(8, Rx.Quarters.Count);
        Assert.Equal("2023-Q2", Rx.Quarters[0].ToString());
        var practice = Country.Practices.First(p => p.ClosedOn is null && p.OpenedOn < new DateOnly(2020, 1, 1));
        foreach (var quarter in Rx.Quarters)
        {
            var listed = Lists.Where(l => l.PracticeId == practice.Id && l.Quarter == quarter).Sum(l => l.Patients);
            Assert.Equal((int)Math.Round(practice.ListedPatients * 0.05), listed);
        }
        Assert.All(Lists, l => Assert.InRange(l.AgeBandFrom, 0, 90));
    }

    [Fact]
    public void National_rates_are_of_a_realistic_order()
    {
        var listedPerQuarter = Lists.GroupBy(l => l.Quarter).ToDictionary(g => g.Key, g => (double)g.Sum(l => l.Patients));
        double PerThousand(Func<Dispensing, bool> filter, Func<IEnumerable<Dispensing>, double> count) =>
            Rx.Quarters.Average(q => count(Rows.Where(r => Quarter.Of(r.DispensedOn) == q && filter(r))) / listedPerQuarter[q] * 1000);

        // Antibiotic dispensings (returns count minus one) per 1,000 a year: the national target is at most 350.
        var antibiotics = 4 * PerThousand(r => r.Atc.StartsWith("J01"), rows => rows.Sum(r => Math.Sign(r.Packages)));
        Assert.InRange(antibiotics, 280, 450);

        var benzodiazepineUsers = PerThousand(r => r.Atc.StartsWith("N05BA") || r.Atc.StartsWith("N05CD"),
            rows => rows.GroupBy(r => r.PatientId).Count(g => g.Sum(r => r.Packages) > 0));
        Assert.InRange(benzodiazepineUsers, 8, 25);

        var firstQuarter = Rows.Where(r => Quarter.Of(r.DispensedOn) == Rx.Quarters[0] && r.Atc.StartsWith("J01")).ToList();
        var penicillinShare = (double)firstQuarter.Count(r => r.Atc == "J01CE02") / firstQuarter.Count;
        Assert.InRange(penicillinShare, 0.30, 0.42);

        var returns = Rows.Where(r => r.Packages < 0).ToList();
        Assert.InRange(returns.Count / (double)Rows.Count, 0.005, 0.02);
        Assert.All(returns, r => Assert.True(r.Ddd is null || r.Ddd < 0));
    }

    [Fact]
    public void Clusters_that_met_on_dependency_forming_medicine_lower_it_by_the_planted_share()
    {
        var met = Rx.PlantedEffects.Where(e => e.IndicatorId == "benzodiazepine-users").Select(e => e.ClusterId).ToHashSet();
        Assert.InRange(met.Count, 20, 35);
        var from = Quarter.FromKey(Rx.PlantedEffects.First().FromQuarter);
        var lastDay = Rx.Quarters[^1].LastDay;
        var clusterOf = Country.Memberships.Where(m => m.IsValidOn(lastDay)).ToDictionary(m => m.PracticeId, m => m.ClusterId);

        // Users of benzodiazepines per 1,000 listed, before and after, in clusters that met and in the rest.
        double Rate(bool inMet, bool after)
        {
            bool Practice(int id) => clusterOf.TryGetValue(id, out var c) && met.Contains(c) == inMet;
            bool Period(Quarter q) => after ? q >= from : q < from;
            var users = Rows.Where(r => (r.Atc.StartsWith("N05BA") || r.Atc.StartsWith("N05CD")) && Practice(r.PracticeId) && Period(Quarter.Of(r.DispensedOn)))
                .GroupBy(r => (r.PatientId, Quarter.Of(r.DispensedOn))).Count(g => g.Sum(r => r.Packages) > 0);
            var listed = Lists.Where(l => Practice(l.PracticeId) && Period(l.Quarter)).Sum(l => l.Patients);
            return 1000.0 * users / listed;
        }
        var changeMet = Rate(true, true) / Rate(true, false);
        var changeRest = Rate(false, true) / Rate(false, false);
        // Use falls gradually (persistent users stop at the lower rate), so the full 20 % is the ceiling.
        Assert.InRange(changeMet / changeRest - 1, -0.25, -0.08);
    }

    [Fact]
    public void Clusters_that_met_on_antibiotics_move_to_penicillin_V_without_prescribing_less()
    {
        var effect = Rx.PlantedEffects.Where(e => e.IndicatorId == "penicillin-v-share").ToList();
        Assert.NotEmpty(effect);
        Assert.True(effect[0].RelativeChange > 0.15);
        var met = effect.Select(e => e.ClusterId).ToHashSet();
        var from = Quarter.FromKey(effect[0].FromQuarter);
        var lastDay = Rx.Quarters[^1].LastDay;
        var practices = Country.Memberships.Where(m => m.IsValidOn(lastDay) && met.Contains(m.ClusterId)).Select(m => m.PracticeId).ToHashSet();
        var rows = Rows.Where(r => practices.Contains(r.PracticeId) && r.Atc.StartsWith("J01") && r.Packages > 0).ToList();
        double Share(bool after)
        {
            var period = rows.Where(r => Quarter.Of(r.DispensedOn) >= from == after).ToList();
            return (double)period.Count(r => r.Atc == "J01CE02") / period.Count;
        }
        Assert.InRange(Share(true) / Share(false) - 1, effect[0].RelativeChange - 0.08, effect[0].RelativeChange + 0.08);
    }

    [Fact]
    public void A_few_practices_are_true_outliers()
    {
        var open = Country.Practices.Count(p => p.ClosedOn is null);
        Assert.InRange(Rx.Outliers.Count, open / 200, open / 25);
    }

    private static string Key(Dispensing d) => $"{d.PatientId}|{d.Atc}|{d.DispensedOn:yyyy-MM-dd}|{d.Packages}|{d.Ddd}";

    [Fact]
    public void Nobody_is_dispensed_medicine_before_the_year_they_were_born()
    {
        Assert.All(Rows, r => Assert.True(r.BirthYear <= r.DispensedOn.Year, $"{r.PatientId} born {r.BirthYear}, dispensed {r.DispensedOn}"));
    }

    [Fact]
    public void Long_term_use_is_at_its_steady_level_from_the_first_quarter()
    {
        // Diabetes medicine is kept by 95 % of users from one quarter to the next; if the first quarter started with
        // nobody on it, users would build up quarter by quarter. Compare the first and the last quarter.
        int Users(Quarter q) => Rows.Where(r => Quarter.Of(r.DispensedOn) == q && r.Atc.StartsWith("A10"))
            .GroupBy(r => r.PatientId).Count(g => g.Sum(r => r.Packages) > 0);
        var first = Users(Rx.Quarters[0]);
        var last = Users(Rx.Quarters[^1]);
        Assert.InRange(first / (double)last, 0.85, 1.15);
    }

    [Fact]
    public void All_medicines_bring_a_year_to_national_size_and_give_older_patients_realistic_polypharmacy()
    {
        var all = DemoPrescribingGenerator.Generate(Country, 7, Last, quarters: 4, scale: 0.01, allMedicines: true);
        var rows = all.Dispensings().ToList();
        var listed = all.ListSizes().Where(l => l.Quarter == Last).Sum(l => l.Patients);

        // A national year is about 50-60 million dispensings for 5.5 million listed patients: about 10 per patient.
        var perPatientYear = rows.Count / (double)listed;
        Assert.InRange(perPatientYear, 8, 12);

        // Patients aged 65+ with at least 10 distinct drugs in the last quarter: a real share, not zero, not most.
        var older = all.ListSizes().Where(l => l.Quarter == Last && l.AgeBandFrom >= 65).Sum(l => l.Patients);
        var tenOrMore = rows.Where(r => Quarter.Of(r.DispensedOn) == Last && Last.Year - r.BirthYear >= 65)
            .GroupBy(r => r.PatientId)
            .Count(g => g.GroupBy(r => r.Atc).Count(a => a.Sum(r => r.Packages) > 0) >= 10);
        Assert.InRange(tenOrMore / (double)older, 0.03, 0.35);
    }
}
