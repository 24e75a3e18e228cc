using System.Runtime.InteropServices;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Indicators;

/// <summary>
/// The streaming half of the indicator engine: takes dispensings one at a time, in any order, and keeps only sums
/// per patient, practice and quarter. Call <see cref="Add"/> for every row, then <see cref="Finish"/> once.
/// </summary>
/// <remarks>
/// A national year holds some tens of millions of patient-quarters, so the sums live in flat arrays of structs
/// linked by index rather than in one object per patient: a patient-quarter costs a record, a hash entry and one
/// node per drug group it touches, and the garbage collector has a handful of large arrays to look at.
/// </remarks>
public sealed class IndicatorAccumulator
{
    private readonly State _state;
    private readonly Dictionary<string, AtcMatch> _atcMatches = new(StringComparer.Ordinal);
    private readonly AtcCodeList[] _polyLists;

    public IndicatorAccumulator(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var groups = new GroupTable();
        var plans = definitions.Select(d => IndicatorPlan.For(d, groups)).ToArray();
        _polyLists = [.. plans.Where(p => p.Kind == IndicatorKind.Polypharmacy).Select(p => p.Numerator)];
        _state = new State(plans, groups);
    }

    /// <summary>Rows added so far, including those no indicator looks at.</summary>
    public long Rows { get; private set; }

    /// <summary>Folds one dispensing into the sums; the row's strings are kept only once per patient and code.</summary>
    public void Add(int practiceId, string patientId, int birthYear, Sex sex, string atc, DateOnly dispensedOn, int packages, double? ddd)
    {
        Rows++;
        if (!_atcMatches.TryGetValue(atc, out var match))
        {
            match = new AtcMatch(_state.Groups.Matching(atc), _polyLists.Any(l => l.Matches(atc)) ? _state.AddAtc(atc) : -1);
            _atcMatches[atc] = match;
        }
        if (match.Groups.Length == 0 && match.AtcIndex < 0) return;

        var cell = _state.CellOf(practiceId, dispensedOn.Year * 10 + (dispensedOn.Month - 1) / 3 + 1);
        var record = _state.RecordOf(patientId, cell, birthYear, sex);
        var sign = packages > 0 ? 1 : packages < 0 ? -1 : 0;
        foreach (var g in match.Groups) _state.AddToGroup(record, g, packages, sign, ddd ?? 0);
        if (match.AtcIndex >= 0) _state.AddToAtc(record, match.AtcIndex, packages);
    }

    /// <summary>
    /// Adds the list sizes and computes every indicator at every level from the sums; reports the number of
    /// indicators finished after each one.
    /// </summary>
    public IndicatorComputation Finish(IEnumerable<ListSize> listSizes, IndicatorUnits units, IProgress<int>? indicatorsDone = null) =>
        IndicatorEngine.Finish(_state, listSizes, units, indicatorsDone);

    private sealed record AtcMatch(int[] Groups, int AtcIndex);

    /// <summary>One patient at one practice in one quarter.</summary>
    internal struct Record
    {
        public int Patient;
        public int Cell;
        public int BirthYear;
        public Sex Sex;
        public int FirstSum;
        public int FirstAtc;
    }

    /// <summary>Sums for one drug group of one patient-quarter; <see cref="Next"/> links the record's groups.</summary>
    internal struct GroupSum
    {
        public int Group;
        public int Packages;
        public int Count;
        public double Ddd;
        public int Next;
    }

    private struct AtcSum
    {
        public int Atc;
        public int Packages;
        public int Next;
    }

    internal sealed class State(IndicatorPlan[] plans, GroupTable groups)
    {
        private readonly Dictionary<long, int> _cellIndex = [];
        private readonly Dictionary<string, int> _patients = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> _recordIndex = [];
        private readonly List<string> _atcs = [];
        private GroupSum[] _sums = new GroupSum[1024];
        private int _sumCount;
        private AtcSum[] _atcSums = new AtcSum[1024];
        private int _atcSumCount;
        private long _lastCellKey = -1;
        private int _lastCell;

        public IndicatorPlan[] Plans { get; } = plans;
        public GroupTable Groups { get; } = groups;
        public List<(int Practice, int Quarter)> Keys { get; } = [];
        public Record[] Records { get; private set; } = new Record[1024];
        public int RecordCount { get; private set; }

        /// <summary>The index of a practice-quarter, added when new.</summary>
        public int CellOf(int practice, int quarterKey)
        {
            var key = (long)practice << 32 | (uint)quarterKey;
            // Files come practice by practice or day by day, so the last cell is usually the right one.
            if (key == _lastCellKey) return _lastCell;
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_cellIndex, key, out var exists);
            if (!exists)
            {
                Keys.Add((practice, quarterKey));
                index = Keys.Count - 1;
            }
            _lastCellKey = key;
            return _lastCell = index;
        }

        public int? FindCell(int practice, int quarterKey) =>
            _cellIndex.TryGetValue((long)practice << 32 | (uint)quarterKey, out var index) ? index : null;

        public int AddAtc(string atc)
        {
            _atcs.Add(atc);
            return _atcs.Count - 1;
        }

        public int RecordOf(string patientId, int cell, int birthYear, Sex sex)
        {
            ref var patient = ref CollectionsMarshal.GetValueRefOrAddDefault(_patients, patientId, out var known);
            if (!known) patient = _patients.Count - 1;
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_recordIndex, (long)patient << 32 | (uint)cell, out var exists);
            if (exists) return index;
            if (RecordCount == Records.Length)
            {
                var grown = Records;
                Array.Resize(ref grown, Grow(grown.Length));
                Records = grown;
            }
            Records[RecordCount] = new Record { Patient = patient, Cell = cell, BirthYear = birthYear, Sex = sex, FirstSum = -1, FirstAtc = -1 };
            return index = RecordCount++;
        }

        public void AddToGroup(int record, int group, int packages, int count, double ddd)
        {
            ref var r = ref Records[record];
            var i = r.FirstSum;
            while (i >= 0 && _sums[i].Group != group) i = _sums[i].Next;
            if (i < 0)
            {
                if (_sumCount == _sums.Length) Array.Resize(ref _sums, Grow(_sums.Length));
                i = _sumCount++;
                _sums[i] = new GroupSum { Group = group, Next = r.FirstSum };
                r.FirstSum = i;
            }
            ref var sum = ref _sums[i];
            sum.Packages += packages;
            sum.Count += count;
            sum.Ddd += ddd;
        }

        public void AddToAtc(int record, int atc, int packages)
        {
            ref var r = ref Records[record];
            var i = r.FirstAtc;
            while (i >= 0 && _atcSums[i].Atc != atc) i = _atcSums[i].Next;
            if (i < 0)
            {
                if (_atcSumCount == _atcSums.Length) Array.Resize(ref _atcSums, Grow(_atcSums.Length));
                i = _atcSumCount++;
                _atcSums[i] = new AtcSum { Atc = atc, Next = r.FirstAtc };
                r.FirstAtc = i;
            }
            _atcSums[i].Packages += packages;
        }

        public GroupSum Sum(in Record record, int group)
        {
            for (var i = record.FirstSum; i >= 0; i = _sums[i].Next)
                if (_sums[i].Group == group) return _sums[i];
            return default;
        }

        public int DistinctPositiveAtc(in Record record, AtcCodeList list)
        {
            var distinct = 0;
            for (var i = record.FirstAtc; i >= 0; i = _atcSums[i].Next)
                if (_atcSums[i].Packages > 0 && list.Matches(_atcs[_atcSums[i].Atc])) distinct++;
            return distinct;
        }

        // Doubling while small, then by half, so a national year does not briefly need twice its final size.
        private static int Grow(int length) => length < 1 << 24 ? length * 2 : length + length / 2;
    }
}

/// <summary>Distinct code lists across all definitions, so a shared group is accumulated once.</summary>
internal sealed class GroupTable
{
    private readonly List<AtcCodeList> _lists = [];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    public int Add(AtcCodeList list)
    {
        if (_byKey.TryGetValue(list.Key, out var index)) return index;
        _lists.Add(list);
        return _byKey[list.Key] = _lists.Count - 1;
    }

    public int[] Matching(string atc) => [.. Enumerable.Range(0, _lists.Count).Where(i => _lists[i].Matches(atc))];
}

/// <summary>One indicator as the engine computes it: its kind, scale and the drug groups it reads.</summary>
internal sealed record IndicatorPlan(IndicatorDefinition Definition, IndicatorKind Kind, AtcCodeList Numerator, int NumeratorGroup, int DenominatorGroup, int GroupB)
{
    public double Scale => IndicatorFunnel.Scale(Definition);

    public bool CountsPeople => Kind switch
    {
        IndicatorKind.Volume => false,
        IndicatorKind.Share => Definition.ShareBasis != ShareBy.Ddd,
        _ => true,
    };

    public static IndicatorPlan For(IndicatorDefinition d, GroupTable groups)
    {
        var problems = IndicatorCatalogue.Validate(d);
        if (problems.Count > 0) throw new IndicatorCatalogueException([.. problems.Select(p => $"{d.Id}: {p}")]);
        var numerator = AtcCodeList.Parse(d.Numerator!);
        // Polypharmacy counts distinct codes per patient, kept apart from the group sums.
        return new IndicatorPlan(d, d.Kind, numerator, d.Kind == IndicatorKind.Polypharmacy ? -1 : groups.Add(numerator),
            d.Denominator is { } den ? groups.Add(AtcCodeList.Parse(den)) : -1,
            d.Parameters.GroupB is { } b ? groups.Add(AtcCodeList.Parse(b)) : -1);
    }
}
