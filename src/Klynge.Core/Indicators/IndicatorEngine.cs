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
    private const int Bands = 19;
    private const int Strata = 2 * Bands;

    public static IndicatorComputation Compute(
        IEnumerable<Dispensing> dispensings,
        IEnumerable<ListSize> listSizes,
        IReadOnlyList<IndicatorDefinition> definitions,
        IndicatorUnits units)
    {
        var groups = new GroupTable();
        var plans = definitions.Select(d => Plan.For(d, groups)).ToArray();
        var polyLists = plans.Where(p => p.Kind == IndicatorKind.Polypharmacy).Select(p => p.Numerator).ToArray();

        // A practice-quarter is known by its index in `keys`, so patient accumulators and cells avoid a
        // second hash lookup per row and per indicator.
        var keyIndex = new Dictionary<(int Practice, int Quarter), int>();
        var keys = new List<(int Practice, int Quarter)>();
        int IndexOf(int practice, int quarter)
        {
            if (keyIndex.TryGetValue((practice, quarter), out var index)) return index;
            keys.Add((practice, quarter));
            return keyIndex[(practice, quarter)] = keys.Count - 1;
        }

        var patients = new Dictionary<(string Patient, int Cell), PatientQuarter>();
        var atcGroups = new Dictionary<string, (string Atc, int[] Groups, bool Poly)>(StringComparer.Ordinal);
        foreach (var row in dispensings)
        {
            var cell = IndexOf(row.PracticeId, Quarter.Of(row.DispensedOn).ToKey());
            if (!atcGroups.TryGetValue(row.Atc, out var match))
            {
                match = (row.Atc, groups.Matching(row.Atc), polyLists.Any(l => l.Matches(row.Atc)));
                atcGroups[row.Atc] = match;
            }
            if (match.Groups.Length == 0 && !match.Poly) continue;
            if (!patients.TryGetValue((row.PatientId, cell), out var acc))
            {
                acc = new PatientQuarter(row.BirthYear, row.Sex);
                patients[(row.PatientId, cell)] = acc;
            }
            var sign = row.Packages > 0 ? 1 : row.Packages < 0 ? -1 : 0;
            foreach (var g in match.Groups) acc.Add(g, row.Packages, sign, row.Ddd ?? 0);
            // The shared ATC string is kept, not the row's, so memory does not grow with rows.
            if (match.Poly) acc.AddAtc(match.Atc, row.Packages);
        }

        var listed = new List<double[]?>();
        foreach (var size in listSizes)
        {
            var cell = IndexOf(size.PracticeId, size.Quarter.ToKey());
            while (listed.Count <= cell) listed.Add(null);
            var strata = listed[cell] ??= new double[Strata];
            strata[Stratum(size.Sex, size.AgeBandFrom)] += size.Patients;
        }
        while (listed.Count < keys.Count) listed.Add(null);

        var results = new List<IndicatorResult>();
        var distributions = new List<IndicatorDistribution>();
        foreach (var plan in plans)
        {
            var cells = PracticeCells(plan, patients, keys, listed);
            var byKey = new Dictionary<(int Practice, int Quarter), Cell>(keys.Count);
            for (var i = 0; i < keys.Count; i++) byKey[keys[i]] = cells[i];
            Summarise(plan, byKey, units, results, distributions);
        }
        return new IndicatorComputation(results, distributions);
    }

    private static int Stratum(Sex sex, int age) => (sex == Sex.F ? 0 : Bands) + Math.Clamp(age, 0, 90) / 5;

    private static Cell[] PracticeCells(
        Plan plan,
        Dictionary<(string Patient, int Cell), PatientQuarter> patients,
        List<(int Practice, int Quarter)> keys,
        List<double[]?> listed)
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

        if (plan.Kind == IndicatorKind.LongTermUsers)
        {
            AddLongTermUsers(plan, patients, keys, cells);
            return cells;
        }

        foreach (var ((_, index), acc) in patients)
        {
            var quarter = Quarter.FromKey(keys[index].Quarter);
            var age = quarter.Year - acc.BirthYear;
            if (!def.Admits(age, acc.Sex)) continue;
            var (num, den) = Contribution(plan, acc, quarter);
            if (num == 0 && den == 0) continue;
            var cell = cells[index];
            cell.Num += num;
            cell.NumStrata[Stratum(acc.Sex, age)] += num;
            cell.Den += den;
        }
        return cells;
    }

    private static (double Num, double Den) Contribution(Plan plan, PatientQuarter acc, Quarter quarter)
    {
        var n = acc.Get(plan.NumeratorGroup);
        var isUser = n.Packages > 0;
        switch (plan.Kind)
        {
            case IndicatorKind.Volume: return (n.Ddd, 0);
            case IndicatorKind.Users: return (isUser ? 1 : 0, 0);
            case IndicatorKind.Dispensings: return (n.Count, 0);
            case IndicatorKind.HighDoseUsers:
                return (isUser && n.Ddd / quarter.Days > plan.Definition.Parameters.ThresholdDddPerDay ? 1 : 0, 0);
            case IndicatorKind.ConcurrentUsers: return (isUser && acc.Get(plan.GroupB).Packages > 0 ? 1 : 0, 0);
            case IndicatorKind.Polypharmacy:
                return (acc.DistinctPositiveAtc(plan.Numerator) >= plan.Definition.Parameters.MinDistinct ? 1 : 0, 0);
            case IndicatorKind.Share:
                var d = acc.Get(plan.DenominatorGroup);
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
    // least k quarters as a user there; the age and sex filter applies to the window's last quarter.
    private static void AddLongTermUsers(
        Plan plan,
        Dictionary<(string Patient, int Cell), PatientQuarter> patients,
        List<(int Practice, int Quarter)> keys,
        Cell[] cells)
    {
        var k = plan.Definition.Parameters.K!.Value;
        var n = plan.Definition.Parameters.N!.Value;
        var cellOf = new Dictionary<(int Practice, int Quarter), int>(keys.Count);
        for (var i = 0; i < keys.Count; i++) cellOf[keys[i]] = i;
        var userQuarters = new Dictionary<(string Patient, int Practice), (int BirthYear, Sex Sex, List<Quarter> Quarters)>();
        foreach (var ((patient, index), acc) in patients)
        {
            if (acc.Get(plan.NumeratorGroup).Packages <= 0) continue;
            var (practice, quarterKey) = keys[index];
            if (!userQuarters.TryGetValue((patient, practice), out var entry))
            {
                entry = (acc.BirthYear, acc.Sex, []);
                userQuarters[(patient, practice)] = entry;
            }
            entry.Quarters.Add(Quarter.FromKey(quarterKey));
        }
        foreach (var ((_, practice), (birthYear, sex, quarters)) in userQuarters)
        {
            var set = quarters.ToHashSet();
            var candidates = new HashSet<Quarter>();
            foreach (var q in quarters)
            {
                var c = q;
                for (var i = 0; i < n; i++, c = c.Next) candidates.Add(c);
            }
            foreach (var end in candidates)
            {
                var age = end.Year - birthYear;
                if (!plan.Definition.Admits(age, sex) || !cellOf.TryGetValue((practice, end.ToKey()), out var index)) continue;
                var count = 0;
                var q = end;
                for (var i = 0; i < n; i++, q = q.Previous) if (set.Contains(q)) count++;
                if (count < k) continue;
                cells[index].Num += 1;
                cells[index].NumStrata[Stratum(sex, age)] += 1;
            }
        }
    }

    private static void Summarise(
        Plan plan,
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

    private static IndicatorResult Result(Plan plan, ResultLevel level, string unit, Quarter quarter, Cell cell, double[] standard) => new()
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

    // Shares use exact binomial limits around the national proportion; rates use exact Poisson limits around
    // the count expected from the national rate (for DDD volume an approximation, as DDD are not counts).
    private static FunnelPosition? Funnel(Plan plan, IndicatorResult result, double? nationalRate)
    {
        if (result.Value is null || nationalRate is not { } rate || rate <= 0 || result.Denominator <= 0) return null;
        if (plan.Kind == IndicatorKind.Share)
        {
            if (plan.Definition.ShareBasis == ShareBy.Ddd || rate >= 1) return null;
            var trials = (int)Math.Round(result.Denominator);
            return IndicatorStatistics.BinomialLimits(rate, trials).Classify(result.Numerator);
        }
        return IndicatorStatistics.PoissonLimits(rate * result.Denominator).Classify(result.Numerator);
    }

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

    private struct GroupSum
    {
        public int Group;
        public int Packages;
        public int Count;
        public double Ddd;
    }

    // Sums for the few drug groups one patient touches in a quarter, kept in small arrays rather than one slot
    // per group in the catalogue, because most patients touch one or two groups.
    private sealed class PatientQuarter(int birthYear, Sex sex)
    {
        private GroupSum[] _sums = new GroupSum[2];
        private int _groups;
        private string[]? _atc;
        private int[]? _atcPackages;
        private int _atcCount;

        public int BirthYear { get; } = birthYear;
        public Sex Sex { get; } = sex;

        public void Add(int group, int packages, int count, double ddd)
        {
            var i = 0;
            while (i < _groups && _sums[i].Group != group) i++;
            if (i == _groups)
            {
                if (_groups == _sums.Length) Array.Resize(ref _sums, _groups * 2);
                _sums[_groups++].Group = group;
            }
            _sums[i].Packages += packages;
            _sums[i].Count += count;
            _sums[i].Ddd += ddd;
        }

        public GroupSum Get(int group)
        {
            for (var i = 0; i < _groups; i++) if (_sums[i].Group == group) return _sums[i];
            return default;
        }

        public void AddAtc(string atc, int packages)
        {
            _atc ??= new string[4];
            _atcPackages ??= new int[4];
            var i = 0;
            while (i < _atcCount && !ReferenceEquals(_atc[i], atc)) i++;
            if (i == _atcCount)
            {
                if (_atcCount == _atc.Length)
                {
                    Array.Resize(ref _atc, _atcCount * 2);
                    Array.Resize(ref _atcPackages, _atcCount * 2);
                }
                _atc[_atcCount++] = atc;
            }
            _atcPackages[i] += packages;
        }

        public int DistinctPositiveAtc(AtcCodeList list)
        {
            var distinct = 0;
            for (var i = 0; i < _atcCount; i++) if (_atcPackages![i] > 0 && list.Matches(_atc![i])) distinct++;
            return distinct;
        }
    }

    /// <summary>Distinct code lists across all definitions, so a shared group is accumulated once.</summary>
    private sealed class GroupTable
    {
        private readonly List<AtcCodeList> _lists = [];
        private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

        public int Count => _lists.Count;

        public int Add(AtcCodeList list)
        {
            if (_byKey.TryGetValue(list.Key, out var index)) return index;
            _lists.Add(list);
            return _byKey[list.Key] = _lists.Count - 1;
        }

        public int[] Matching(string atc) => [.. Enumerable.Range(0, _lists.Count).Where(i => _lists[i].Matches(atc))];
    }

    private sealed record Plan(IndicatorDefinition Definition, IndicatorKind Kind, AtcCodeList Numerator, int NumeratorGroup, int DenominatorGroup, int GroupB)
    {
        public double Scale => Kind switch
        {
            IndicatorKind.Share => 100,
            IndicatorKind.Dispensings => 4000,
            _ => 1000,
        };

        public bool CountsPeople => Kind switch
        {
            IndicatorKind.Volume => false,
            IndicatorKind.Share => Definition.ShareBasis != ShareBy.Ddd,
            _ => true,
        };

        public static Plan For(IndicatorDefinition d, GroupTable groups)
        {
            var problems = IndicatorCatalogue.Validate(d);
            if (problems.Count > 0) throw new IndicatorCatalogueException([.. problems.Select(p => $"{d.Id}: {p}")]);
            var numerator = AtcCodeList.Parse(d.Numerator!);
            // Polypharmacy counts distinct codes per patient, kept apart from the group sums.
            return new Plan(d, d.Kind, numerator, d.Kind == IndicatorKind.Polypharmacy ? -1 : groups.Add(numerator),
                d.Denominator is { } den ? groups.Add(AtcCodeList.Parse(den)) : -1,
                d.Parameters.GroupB is { } b ? groups.Add(AtcCodeList.Parse(b)) : -1);
        }
    }
}
