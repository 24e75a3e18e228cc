using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Indicators;

/// <summary>
/// The streaming half of the indicator engine: takes dispensings one at a time, in any order, and keeps only sums
/// per patient, practice and quarter. Call <see cref="Add(int, ReadOnlySpan{byte}, int, Sex, ReadOnlySpan{byte}, int, int, double?)"/>
/// for every row, then <see cref="Finish"/> once.
/// </summary>
/// <remarks>
/// A national year holds some tens of millions of patient-quarters, so the sums live in flat arrays of structs
/// linked by index rather than in one object per patient: a patient-quarter costs a record and one node per drug
/// group it touches, and the garbage collector has a handful of large arrays to look at. Patient ids and codes are
/// taken as UTF-8 bytes straight from the database's buffer and kept once each, so a row allocates nothing.
/// </remarks>
public sealed class IndicatorAccumulator
{
    private readonly State _state;
    private readonly Dictionary<ulong, AtcMatch> _shortAtcs = [];
    private readonly Dictionary<string, AtcMatch> _longAtcs = new(StringComparer.Ordinal);
    private readonly AtcCodeList[] _polyLists;
    private int _lastDay = int.MinValue;
    private int _lastQuarterKey;

    public IndicatorAccumulator(IReadOnlyList<IndicatorDefinition> definitions)
    {
        var groups = new GroupTable();
        var plans = definitions.Select(d => IndicatorPlan.For(d, groups)).ToArray();
        _polyLists = [.. plans.Where(p => p.Kind == IndicatorKind.Polypharmacy).Select(p => p.Numerator)];
        _state = new State(plans, groups);
    }

    /// <summary>Rows added so far, including those no indicator looks at.</summary>
    public long Rows { get; private set; }

    /// <summary>Folds one dispensing into the sums.</summary>
    public void Add(int practiceId, string patientId, int birthYear, Sex sex, string atc, DateOnly dispensedOn, int packages, double? ddd)
    {
        var byteCount = System.Text.Encoding.UTF8.GetMaxByteCount(Math.Max(patientId.Length, atc.Length));
        Span<byte> buffer = byteCount <= 512 ? stackalloc byte[512] : new byte[byteCount];
        var atcLength = System.Text.Encoding.UTF8.GetBytes(atc, buffer);
        var match = MatchOf(buffer[..atcLength]);
        Rows++;
        if (match.Groups.Length == 0 && match.AtcIndex < 0) return;
        var patientLength = System.Text.Encoding.UTF8.GetBytes(patientId, buffer);
        Fold(match, practiceId, buffer[..patientLength], birthYear, sex, Quarter.Of(dispensedOn).ToKey(), packages, ddd ?? 0);
    }

    /// <summary>
    /// Folds one dispensing given as the database sends it: patient id and ATC code as UTF-8, the day as days since
    /// 2000-01-01 (PostgreSQL's binary date). Nothing of the row is kept beyond new patients and codes.
    /// </summary>
    public void Add(int practiceId, ReadOnlySpan<byte> patientId, int birthYear, Sex sex, ReadOnlySpan<byte> atc, int daysSince2000, int packages, double? ddd)
    {
        var match = MatchOf(atc);
        Rows++;
        if (match.Groups.Length == 0 && match.AtcIndex < 0) return;
        // Rows come day by day or practice by practice, so the last day's quarter is usually the right one.
        if (daysSince2000 != _lastDay)
        {
            _lastDay = daysSince2000;
            _lastQuarterKey = Quarter.Of(DateOnly.FromDayNumber(Epoch2000 + daysSince2000)).ToKey();
        }
        Fold(match, practiceId, patientId, birthYear, sex, _lastQuarterKey, packages, ddd ?? 0);
    }

    /// <summary>Folds one dispensing whose quarter is already known as its key (<see cref="Quarter.ToKey"/>).</summary>
    public void AddInQuarter(int practiceId, ReadOnlySpan<byte> patientId, int birthYear, Sex sex, ReadOnlySpan<byte> atc, int quarterKey, int packages, double? ddd)
    {
        var match = MatchOf(atc);
        Rows++;
        if (match.Groups.Length == 0 && match.AtcIndex < 0) return;
        Fold(match, practiceId, patientId, birthYear, sex, quarterKey, packages, ddd ?? 0);
    }

    /// <summary>The day number (<see cref="DateOnly.DayNumber"/>) of 2000-01-01, PostgreSQL's date epoch.</summary>
    public const int Epoch2000 = 730119;

    /// <summary>
    /// Adds the list sizes and computes every indicator at every level from the sums; reports the number of
    /// indicators finished after each one.
    /// </summary>
    public IndicatorComputation Finish(IEnumerable<ListSize> listSizes, IndicatorUnits units, IProgress<int>? indicatorsDone = null) =>
        IndicatorEngine.Finish(_state, listSizes, units, indicatorsDone);

    private void Fold(AtcMatch match, int practiceId, ReadOnlySpan<byte> patientId, int birthYear, Sex sex, int quarterKey, int packages, double ddd)
    {
        var cell = _state.CellOf(practiceId, quarterKey);
        var record = _state.RecordOf(patientId, cell, birthYear, sex);
        var sign = packages > 0 ? 1 : packages < 0 ? -1 : 0;
        foreach (var g in match.Groups) _state.AddToGroup(record, g, packages, sign, ddd);
        if (match.AtcIndex >= 0) _state.AddToAtc(record, match.AtcIndex, packages);
    }

    private AtcMatch MatchOf(ReadOnlySpan<byte> atc)
    {
        // Codes are seven ASCII letters and digits, so one 64-bit key holds a code; longer text goes the slow way.
        if (atc.Length <= 8)
        {
            ulong key = (ulong)atc.Length << 56;
            for (var i = 0; i < atc.Length; i++) key ^= (ulong)atc[i] << (8 * i);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_shortAtcs, key, out var known);
            if (!known) slot = NewMatch(System.Text.Encoding.UTF8.GetString(atc));
            return slot!;
        }
        var text = System.Text.Encoding.UTF8.GetString(atc);
        if (!_longAtcs.TryGetValue(text, out var match)) _longAtcs[text] = match = NewMatch(text);
        return match;
    }

    private AtcMatch NewMatch(string atc) =>
        new(_state.Groups.Matching(atc), _polyLists.Any(l => l.Matches(atc)) ? _state.AddAtc(atc) : -1);

    private sealed record AtcMatch(int[] Groups, int AtcIndex);

    /// <summary>One patient at one practice in one quarter.</summary>
    internal struct Record
    {
        public int Cell;
        public int BirthYear;
        public Sex Sex;
        public int FirstSum;
        public int FirstAtc;
        /// <summary>The patient's previous record, or -1: each patient's records form a list, newest first.</summary>
        public int NextOfPatient;
    }

    /// <summary>Sums for one drug group of one patient-quarter; <see cref="Next"/> links the record's groups.</summary>
    internal struct GroupSum
    {
        // The double first: 24 bytes a sum instead of 32 with padding, and a national year holds tens of millions.
        public double Ddd;
        public int Group;
        public int Packages;
        public int Count;
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
        private readonly PatientTable _patients = new();
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
        /// <summary>The newest record of each patient, the head of that patient's list.</summary>
        public IEnumerable<int> LatestRecords => _patients.LatestRecords();

        /// <summary>The index of a practice-quarter, added when new.</summary>
        public int CellOf(int practice, int quarterKey)
        {
            var key = (long)practice << 32 | (uint)quarterKey;
            // Files come practice by practice or day by day, so the last cell is often the right one.
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

        public int RecordOf(ReadOnlySpan<byte> patientId, int cell, int birthYear, Sex sex)
        {
            // A patient has a record per practice and quarter, a handful at most, and rows of one patient-quarter
            // tend to come together, so the newest record is nearly always the one.
            ref var latest = ref _patients.LatestRecordOf(patientId);
            for (var r = latest; r >= 0; r = Records[r].NextOfPatient)
                if (Records[r].Cell == cell) return r;
            if (RecordCount == Records.Length)
            {
                var grown = Records;
                Array.Resize(ref grown, Grow(grown.Length));
                Records = grown;
            }
            Records[RecordCount] = new Record { Cell = cell, BirthYear = birthYear, Sex = sex, FirstSum = -1, FirstAtc = -1, NextOfPatient = latest };
            return latest = RecordCount++;
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

        /// <summary>Copies the record's group sums into <paramref name="byGroup"/> (indexed by group, zero elsewhere).</summary>
        public void SpreadSums(in Record record, Span<GroupSum> byGroup)
        {
            byGroup.Clear();
            for (var i = record.FirstSum; i >= 0; i = _sums[i].Next) byGroup[_sums[i].Group] = _sums[i];
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
        internal static int Grow(int length) => length < 1 << 24 ? length * 2 : length + length / 2;
    }
}

/// <summary>
/// Patient ids as UTF-8 bytes to the patient's newest record: an open-addressing hash table whose entries hold the id
/// itself (the first 16 bytes inline, any rest in one shared byte array). A lookup allocates nothing and usually
/// touches one cache line, which at tens of millions of rows is most of what a row costs.
/// </summary>
internal sealed class PatientTable
{
    private struct Entry
    {
        public ulong Head0;
        public ulong Head1;
        // Length + 1, so that 0 marks an empty entry.
        public int LengthPlusOne;
        public int Hash;
        public int Rest;
        public int LatestRecord;
    }

    private Entry[] _entries = new Entry[1024];
    private int _count;
    private byte[] _rest = new byte[256];
    private int _restCount;
    // Ids come from files an administrator imports; the seed still keeps a crafted file from degrading every run.
    private readonly ulong _seed = (ulong)Random.Shared.NextInt64() | 1;

    /// <summary>The patient's newest record (-1 for a new patient), to read and to set.</summary>
    public ref int LatestRecordOf(ReadOnlySpan<byte> id)
    {
        var (head0, head1) = Heads(id);
        var hash = Hash(id, head0, head1);
        var mask = _entries.Length - 1;
        for (var s = hash & mask; ; s = (s + 1) & mask)
        {
            ref var e = ref _entries[s];
            if (e.LengthPlusOne == 0)
            {
                if (_count * 2 >= _entries.Length)
                {
                    Grow();
                    return ref LatestRecordOf(id);
                }
                e.Head0 = head0;
                e.Head1 = head1;
                e.LengthPlusOne = id.Length + 1;
                e.Hash = hash;
                e.Rest = id.Length > 16 ? Store(id[16..]) : 0;
                e.LatestRecord = -1;
                _count++;
                return ref e.LatestRecord;
            }
            if (e.Hash == hash && e.Head0 == head0 && e.Head1 == head1 && e.LengthPlusOne == id.Length + 1
                && (id.Length <= 16 || _rest.AsSpan(e.Rest, id.Length - 16).SequenceEqual(id[16..])))
                return ref e.LatestRecord;
        }
    }

    public IEnumerable<int> LatestRecords()
    {
        for (var s = 0; s < _entries.Length; s++)
            if (_entries[s].LengthPlusOne != 0) yield return _entries[s].LatestRecord;
    }

    private static (ulong, ulong) Heads(ReadOnlySpan<byte> id)
    {
        if (id.Length >= 16) return (BinaryPrimitives.ReadUInt64LittleEndian(id), BinaryPrimitives.ReadUInt64LittleEndian(id[8..]));
        Span<byte> padded = stackalloc byte[16];
        padded.Clear();
        id.CopyTo(padded);
        return (BinaryPrimitives.ReadUInt64LittleEndian(padded), BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]));
    }

    private int Store(ReadOnlySpan<byte> rest)
    {
        if (_restCount + rest.Length > _rest.Length) Array.Resize(ref _rest, Math.Max(_rest.Length * 2, _restCount + rest.Length));
        rest.CopyTo(_rest.AsSpan(_restCount));
        _restCount += rest.Length;
        return _restCount - rest.Length;
    }

    private void Grow()
    {
        var entries = new Entry[_entries.Length * 2];
        var mask = entries.Length - 1;
        foreach (var e in _entries)
        {
            if (e.LengthPlusOne == 0) continue;
            var s = e.Hash & mask;
            while (entries[s].LengthPlusOne != 0) s = (s + 1) & mask;
            entries[s] = e;
        }
        _entries = entries;
    }

    private int Hash(ReadOnlySpan<byte> id, ulong head0, ulong head1)
    {
        const ulong k = 0x9E3779B97F4A7C15;
        var h = (_seed ^ (ulong)id.Length * k ^ head0) * k;
        h = (h ^ (h >> 29) ^ head1) * k;
        for (id = id.Length > 16 ? id[16..] : []; id.Length >= 8; id = id[8..])
            h = (h ^ (h >> 29) ^ BinaryPrimitives.ReadUInt64LittleEndian(id)) * k;
        ulong tail = 0;
        for (var i = 0; i < id.Length; i++) tail |= (ulong)id[i] << (8 * i);
        h = (h ^ (h >> 32) ^ tail) * k;
        return (int)(h >> 33);
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

    public int Count => _lists.Count;

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
