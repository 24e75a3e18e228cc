using Klynge.Core.Prescribing;

namespace Klynge.Core.Indicators;

/// <summary>
/// How practices map to the units above them, given by the caller so the engine needs no database.
/// </summary>
/// <param name="ProviderNumber">Practice id to its ydernummer (the practice's unit id).</param>
/// <param name="ClusterOf">The cluster a practice belongs to on the quarter's last day, or null.</param>
/// <param name="RegionOf">The region code of a practice, or null.</param>
public sealed record IndicatorUnits(
    Func<int, string> ProviderNumber,
    Func<int, Quarter, int?> ClusterOf,
    Func<int, string?> RegionOf);

/// <summary>The national distribution of one indicator in one quarter over practices with a value.</summary>
public sealed record IndicatorDistribution(string IndicatorId, Quarter Quarter, int Practices, IReadOnlyList<double> Deciles);

/// <summary>Everything one engine run produces.</summary>
public sealed record IndicatorComputation(IReadOnlyList<IndicatorResult> Results, IReadOnlyList<IndicatorDistribution> Distributions);

/// <summary>
/// Computes every indicator from dispensings and list sizes in one pass over the dispensings (in any order).
/// Rows are folded into one accumulator per patient, practice and quarter holding sums per drug group, so memory
/// grows with distinct patients and groups, not with rows. The patient's age and sex filter use
/// age = quarter year - birth year (equal to the age at each dispensing in the quarter), with birth year and sex
/// from the patient's first row at that practice in that quarter. Higher levels sum practice numerators and
/// denominators; a patient who moved practice counts at both.
/// </summary>
public static class IndicatorEngine
{
    internal const int Bands = 19;
    internal const int Strata = 2 * Bands;

    public static IndicatorComputation Compute(
        IEnumerable<Dispensing> dispensings,
        IEnumerable<ListSize> listSizes,
        IReadOnlyList<IndicatorDefinition> definitions,
        IndicatorUnits units)
    {
        var accumulator = new IndicatorAccumulator(definitions);
        foreach (var row in dispensings)
            accumulator.Add(row.PracticeId, row.PatientId, row.BirthYear, row.Sex, row.Atc, row.DispensedOn, row.Packages, row.Ddd);
        return accumulator.Finish(listSizes, units);
    }

    internal static IndicatorComputation Finish(IndicatorAccumulator.State state, IEnumerable<ListSize> listSizes, IndicatorUnits units, IProgress<int>? indicatorsDone)
    {
        var keys = state.Keys;
        var listed = new List<double[]?>();
        foreach (var size in listSizes)
        {
            var cell = state.CellOf(size.PracticeId, size.Quarter.ToKey());
            while (listed.Count <= cell) listed.Add(null);
            var strata = listed[cell] ??= new double[Strata];
            strata[Stratum(size.Sex, size.AgeBandFrom)] += size.Patients;
        }
        while (listed.Count < keys.Count) listed.Add(null);

        var plans = state.Plans;
        PhaseClock.Mark("list sizes");
        var cells = plans.Select(plan => DenominatorCells(plan, keys, listed)).ToArray();
        AddRecords(state, cells);
        PhaseClock.Mark("records");
        for (var p = 0; p < plans.Length; p++)
            if (plans[p].Kind == IndicatorKind.LongTermUsers) AddLongTermUsers(plans[p], state, cells[p]);
        PhaseClock.Mark("long-term");

        // Indicators are summarised independently (funnel limits are most of the time), so on as many cores as
        // there are, each into its own lists, joined in catalogue order so the output does not depend on timing.
        var perPlan = new (List<IndicatorResult> Results, List<IndicatorDistribution> Distributions)[plans.Length];
        var done = 0;
        var gate = new object();
        Parallel.For(0, plans.Length, p =>
        {
            var byKey = new Dictionary<(int Practice, int Quarter), Cell>(keys.Count);
            for (var i = 0; i < keys.Count; i++) byKey[keys[i]] = cells[p][i];
            perPlan[p] = ([], []);
            Summarise(plans[p], byKey, units, perPlan[p].Results, perPlan[p].Distributions);
            lock (gate) indicatorsDone?.Report(++done);
        });
        return new IndicatorComputation([.. perPlan.SelectMany(x => x.Results)], [.. perPlan.SelectMany(x => x.Distributions)]);
    }

    internal static int Stratum(Sex sex, int age) => (sex == Sex.F ? 0 : Bands) + Math.Clamp(age, 0, 90) / 5;

    /// <summary>One cell per practice-quarter holding the plan's denominator from the list sizes (none for shares).</summary>
    private static Cell[] DenominatorCells(IndicatorPlan plan, List<(int Practice, int Quarter)> keys, List<double[]?> listed)
    {
        var def = plan.Definition;
        var cells = new Cell[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var cell = cells[i] = new Cell();
            if (plan.Kind == IndicatorKind.Share || listed[i] is not { } strata) continue;
            var days = plan.Kind == IndicatorKind.Volume ? Quarter.FromKey(keys[i].Quarter).Days : 1;
            for (var s = 0; s < Strata; s++)
            {
                if (!def.AdmitsBand(s % Bands * 5, s < Bands ? Sex.F : Sex.M)) continue;
                cell.DenStrata[s] = strata[s] * days;
                cell.Den += strata[s] * days;
            }
        }
        return cells;
    }

    // One pass over the patient records for every plan at once (long-term users aside): a national year holds tens
    // of millions of records, and reading them once instead of once per indicator is most of this step's time. Each
    // record's group sums are spread into an array by group first, so a plan finds its sums by index.
    private static void AddRecords(IndicatorAccumulator.State state, Cell[][] cells)
    {
        var plans = state.Plans;
        var filters = plans.Select(p => new AgeSexFilter(p.Definition)).ToArray();
        var quarters = state.Keys.Select(k => Quarter.FromKey(k.Quarter)).ToArray();
        var records = state.Records;
        var byGroup = new IndicatorAccumulator.GroupSum[state.Groups.Count];
        for (var r = 0; r < state.RecordCount; r++)
        {
            ref readonly var record = ref records[r];
            var quarter = quarters[record.Cell];
            var age = quarter.Year - record.BirthYear;
            var stratum = Stratum(record.Sex, age);
            state.SpreadSums(in record, byGroup);
            for (var p = 0; p < plans.Length; p++)
            {
                var plan = plans[p];
                if (plan.Kind == IndicatorKind.LongTermUsers || !filters[p].Admits(age, record.Sex)) continue;
                var (num, den) = Contribution(plan, state, in record, byGroup, quarter);
                if (num == 0 && den == 0) continue;
                var cell = cells[p][record.Cell];
                cell.Num += num;
                cell.NumStrata[stratum] += num;
                cell.Den += den;
            }
        }
    }

    /// <summary>An indicator's age and sex filter with the definition's optional values resolved once.</summary>
    private readonly struct AgeSexFilter(IndicatorDefinition definition)
    {
        private readonly int _from = definition.AgeFrom ?? int.MinValue;
        private readonly int _to = definition.AgeTo ?? int.MaxValue;
        private readonly Sex? _sex = definition.Sex is { } sex ? Enum.Parse<Sex>(sex) : null;

        public bool Admits(int age, Sex sex) => age >= _from && age <= _to && (_sex is null || _sex == sex);
    }

    private static (double Num, double Den) Contribution(IndicatorPlan plan, IndicatorAccumulator.State state, in IndicatorAccumulator.Record record, IndicatorAccumulator.GroupSum[] byGroup, Quarter quarter)
    {
        if (plan.Kind == IndicatorKind.Polypharmacy)
            return (state.DistinctPositiveAtc(in record, plan.Numerator) >= plan.Definition.Parameters.MinDistinct ? 1 : 0, 0);
        var n = byGroup[plan.NumeratorGroup];
        var isUser = n.Packages > 0;
        switch (plan.Kind)
        {
            case IndicatorKind.Volume: return (n.Ddd, 0);
            case IndicatorKind.Users: return (isUser ? 1 : 0, 0);
            case IndicatorKind.Dispensings: return (n.Count, 0);
            case IndicatorKind.HighDoseUsers:
                return (isUser && n.Ddd / quarter.Days > plan.Definition.Parameters.ThresholdDddPerDay ? 1 : 0, 0);
            case IndicatorKind.ConcurrentUsers: return (isUser && byGroup[plan.GroupB].Packages > 0 ? 1 : 0, 0);
            case IndicatorKind.Share:
                var d = byGroup[plan.DenominatorGroup];
                return plan.Definition.ShareBasis switch
                {
                    ShareBy.Users => (isUser ? 1 : 0, d.Packages > 0 ? 1 : 0),
                    ShareBy.Ddd => (n.Ddd, d.Ddd),
                    _ => (n.Count, d.Count),
                };
            default: throw new InvalidOperationException($"Kind {plan.Kind} has no per-quarter contribution.");
        }
    }

    // A long-term user is counted at a practice in every quarter whose window of the last n quarters holds at
    // least k quarters as a user there; the age and sex filter applies to the window's last quarter. Each patient's
    // records are walked through the patient's own list, their user quarters marked in a small array per practice.
    private static void AddLongTermUsers(IndicatorPlan plan, IndicatorAccumulator.State state, Cell[] cells)
    {
        var k = plan.Definition.Parameters.K!.Value;
        var n = plan.Definition.Parameters.N!.Value;
        var filter = new AgeSexFilter(plan.Definition);
        var keys = state.Keys;
        if (keys.Count == 0) return;
        static int Ordinal(Quarter q) => q.Year * 4 + q.Number - 1;
        var ordinals = keys.Select(key => Ordinal(Quarter.FromKey(key.Quarter))).ToArray();
        var first = ordinals.Min();
        // Marks run from the first quarter to n - 1 past the last, where the last windows end.
        var span = ordinals.Max() - first + n;
        var marks = new bool[span];
        var practices = new List<int>();
        var records = state.Records;
        foreach (var latest in state.LatestRecords)
        {
            practices.Clear();
            var birthYear = 0;
            var sex = Sex.F;
            for (var r = latest; r >= 0; r = records[r].NextOfPatient)
            {
                if (state.Sum(in records[r], plan.NumeratorGroup).Packages <= 0) continue;
                var practice = keys[records[r].Cell].Practice;
                if (!practices.Contains(practice)) practices.Add(practice);
            }
            foreach (var practice in practices)
            {
                Array.Clear(marks);
                // Birth year and sex as the old engine took them: from the practice's earliest user record.
                for (var r = latest; r >= 0; r = records[r].NextOfPatient)
                {
                    ref readonly var record = ref records[r];
                    if (keys[record.Cell].Practice != practice || state.Sum(in record, plan.NumeratorGroup).Packages <= 0) continue;
                    marks[ordinals[record.Cell] - first] = true;
                    birthYear = record.BirthYear;
                    sex = record.Sex;
                }
                var count = 0;
                for (var end = 0; end < span; end++)
                {
                    if (marks[end]) count++;
                    if (end >= n && marks[end - n]) count--;
                    if (count < k || count == 0) continue;
                    var quarter = QuarterOf(first + end);
                    var age = quarter.Year - birthYear;
                    if (!filter.Admits(age, sex) || state.FindCell(practice, quarter.ToKey()) is not { } index) continue;
                    cells[index].Num += 1;
                    cells[index].NumStrata[Stratum(sex, age)] += 1;
                }
            }
        }
    }

    private static Quarter QuarterOf(int ordinal) => new(ordinal / 4, ordinal % 4 + 1);

    private static void Summarise(
        IndicatorPlan plan,
        Dictionary<(int Practice, int Quarter), Cell> practiceCells,
        IndicatorUnits units,
        List<IndicatorResult> results,
        List<IndicatorDistribution> distributions)
    {
        var id = plan.Definition.Id;
        foreach (var quarterGroup in practiceCells.GroupBy(c => c.Key.Quarter).OrderBy(g => g.Key))
        {
            var quarter = Quarter.FromKey(quarterGroup.Key);
            var nation = new Cell();
            var clusters = new SortedDictionary<int, Cell>();
            var regions = new SortedDictionary<string, Cell>(StringComparer.Ordinal);
            var practices = quarterGroup.OrderBy(c => c.Key.Practice).ToList();
            foreach (var (key, cell) in practices)
            {
                nation.Add(cell);
                if (units.ClusterOf(key.Practice, quarter) is { } cluster)
                {
                    if (!clusters.TryGetValue(cluster, out var c)) clusters[cluster] = c = new Cell();
                    c.Add(cell);
                }
                if (units.RegionOf(key.Practice) is { } region)
                {
                    if (!regions.TryGetValue(region, out var r)) regions[region] = r = new Cell();
                    r.Add(cell);
                }
            }

            var standard = nation.DenStrata;
            var practiceResults = practices.Select(p => Result(plan, ResultLevel.Practice, units.ProviderNumber(p.Key.Practice), quarter, p.Value, standard)).ToList();
            var ranks = IndicatorStatistics.PercentRanks(practiceResults.Select(r => r.Value).ToList());
            var nationalRate = nation.Den > 0 ? nation.Num / nation.Den : (double?)null;
            for (var i = 0; i < practiceResults.Count; i++)
            {
                practiceResults[i].Percentile = ranks[i];
                practiceResults[i].Funnel = Funnel(plan, practiceResults[i], nationalRate);
            }
            results.AddRange(practiceResults);
            results.AddRange(clusters.Select(c => Result(plan, ResultLevel.Cluster, c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), quarter, c.Value, standard)));
            results.AddRange(regions.Select(r => Result(plan, ResultLevel.Region, r.Key, quarter, r.Value, standard)));
            results.Add(Result(plan, ResultLevel.Nation, "DK", quarter, nation, standard));

            var values = practiceResults.Select(r => r.Value).ToList();
            distributions.Add(new IndicatorDistribution(id, quarter, values.Count(v => v.HasValue), IndicatorStatistics.Deciles(values)));
        }
    }

    private static IndicatorResult Result(IndicatorPlan plan, ResultLevel level, string unit, Quarter quarter, Cell cell, double[] standard) => new()
    {
        IndicatorId = plan.Definition.Id,
        Level = level,
        UnitId = unit,
        Quarter = quarter.ToKey(),
        Numerator = cell.Num,
        Denominator = cell.Den,
        Value = cell.Den != 0 ? cell.Num / cell.Den * plan.Scale : null,
        StandardisedValue = plan.Kind == IndicatorKind.Share ? null : Standardised(cell, standard, plan.Scale),
        SmallNumber = plan.CountsPeople && cell.Num is >= 1 and <= 4,
    };

    // Direct standardisation to the national list-size structure; strata where the unit has nobody listed
    // drop out and the remaining weights are rescaled, so a unit missing a band is not pulled towards zero.
    private static double? Standardised(Cell cell, double[] standard, double scale)
    {
        double weighted = 0, weights = 0;
        for (var s = 0; s < Strata; s++)
        {
            if (cell.DenStrata[s] <= 0 || standard[s] <= 0) continue;
            weighted += standard[s] * cell.NumStrata[s] / cell.DenStrata[s];
            weights += standard[s];
        }
        return weights > 0 ? weighted / weights * scale : null;
    }

    private static FunnelPosition? Funnel(IndicatorPlan plan, IndicatorResult result, double? nationalRate) =>
        result.Value is null || nationalRate is not { } rate ? null
        : IndicatorFunnel.Limits(plan.Definition, rate, result.Denominator)?.Classify(result.Numerator);

    private sealed class Cell
    {
        public double Num;
        public double Den;
        public readonly double[] NumStrata = new double[Strata];
        public readonly double[] DenStrata = new double[Strata];

        public void Add(Cell other)
        {
            Num += other.Num;
            Den += other.Den;
            for (var s = 0; s < Strata; s++)
            {
                NumStrata[s] += other.NumStrata[s];
                DenStrata[s] += other.DenStrata[s];
            }
        }
    }
}
