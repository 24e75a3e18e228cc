using MathNet.Numerics.LinearAlgebra;

namespace Klynge.Core.Access;

/// <summary>
/// One unit's count in a published table. <see cref="Small"/> marks a count that must never be shown or worked out
/// (1-4 people); <see cref="Known"/> one the viewer knows anyway (their own practice), which protects nothing.
/// <see cref="Ceiling"/> is the most the count can be by what else is shown (e.g. users are at most the listed
/// patients), which a reader can use to narrow a hidden value. <see cref="Exact"/> false marks a count the table
/// never shows (a peer's count or size in a closed cluster, shown at most as a rounded rate): it is unknown to the
/// viewer even when not hidden, and must not be worked out either, as it would tie the unit's row to its name.
/// </summary>
public readonly record struct DisclosureCell(int Unit, double Value, bool Small, bool Known, double Ceiling = double.PositiveInfinity, bool Exact = true);

/// <summary>
/// A table of counts shown with their total: the total of the cells listed here (which must be all the units the
/// total covers). Tables with the same <see cref="Block"/> count the same quantity in the same period, so a unit's
/// cell in one is the same unknown as its cell in another, and their totals can be combined.
/// <see cref="TotalSmall"/> marks a total of 1-4, which is itself never shown.
/// </summary>
public sealed record DisclosureTable(string Block, IReadOnlyList<DisclosureCell> Cells, bool TotalSmall = false);

/// <summary>
/// Tables published together whose cells describe the same units, such as a share's numerators and denominators:
/// a unit hidden in one is hidden in all of them (a numerator with its denominator shown would give its value).
/// </summary>
public sealed record DisclosureSet(IReadOnlyList<DisclosureTable> Tables);

/// <summary>What may be shown of one <see cref="DisclosureSet"/>: the units whose cells are hidden, and per table whether its total is shown.</summary>
public sealed record DisclosureDecision(IReadOnlySet<int> Hidden, IReadOnlyList<bool> TotalShown);

/// <summary>
/// Primary and complementary cell suppression over everything one viewer can see, in the order it was published.
/// <para>
/// Rules (docs/privacy.md): a small count is always hidden. Besides, for every block, taking away what the viewer
/// knows: (1) no hidden small count, and no count that is never shown exactly, can be solved from any linear
/// combination of the block's shown totals and cells; (2) the hidden cells of every table, and of every difference of two tables whose hidden cells are nested,
/// add up to 5 or more, so that a reader cannot even tell that a hidden cell is small. All hidden cells look alike.
/// </para>
/// <para>
/// When a new set breaks a rule, more of its own cells are hidden, smallest first, among cells no earlier set has
/// shown; when none is left, its total is hidden. Earlier sets are never changed, so what a viewer once saw stays
/// as it was and a package never shows more than before.
/// </para>
/// </summary>
public static class DisclosureControl
{
    /// <summary>The smallest count shown, and the least the hidden cells of a table may add up to.</summary>
    public const double Threshold = 5;

    /// <summary>Decides each set in turn; a set's decision depends only on the sets before it.</summary>
    public static IReadOnlyList<DisclosureDecision> Protect(IEnumerable<DisclosureSet> sets)
    {
        var blocks = new Dictionary<string, Block>(StringComparer.Ordinal);
        var decisions = new List<DisclosureDecision>();
        foreach (var set in sets)
        {
            var states = set.Tables.Select(t => blocks.TryGetValue(t.Block, out var b) ? b : blocks[t.Block] = new Block()).ToList();
            var hidden = new HashSet<int>();
            // Whatever a unit is in one table of the set decides it in all: small anywhere, or hidden before anywhere.
            for (var i = 0; i < set.Tables.Count; i++)
            {
                foreach (var c in set.Tables[i].Cells)
                {
                    if (c.Small || states[i].Status.GetValueOrDefault(Key(c)) == Status.Hidden) hidden.Add(c.Unit);
                }
            }
            var totals = set.Tables.Select(t => !t.TotalSmall).ToArray();
            for (var i = Unsafe(set, states, hidden, totals); i >= 0; i = Unsafe(set, states, hidden, totals))
            {
                var extra = Candidates(set, states, hidden, i).FirstOrDefault(-1);
                if (extra >= 0) hidden.Add(extra);
                else if (totals[i]) totals[i] = false;
                // Cannot happen: without its total a table adds nothing a viewer could solve with.
                else throw new InvalidOperationException($"Disclosure control could not protect block {set.Tables[i].Block}.");
            }
            for (var i = 0; i < set.Tables.Count; i++) states[i].Commit(set.Tables[i], hidden, totals[i]);
            decisions.Add(new DisclosureDecision(hidden, totals));
        }
        return decisions;
    }

    // A cell is one unknown per unit and value: after a re-import a unit's count may differ between tables, and then
    // the two are different numbers.
    private static (int Unit, double Value) Key(DisclosureCell c) => (c.Unit, c.Value);

    // Cells of table i that may be hidden to protect others: shown exactly and new wherever the unit is shown
    // exactly in the set, not small, not known to the viewer and not zero (a hidden zero adds nothing), smallest first.
    private static IEnumerable<int> Candidates(DisclosureSet set, List<Block> states, HashSet<int> hidden, int i)
    {
        var refused = new HashSet<int>(hidden);
        for (var t = 0; t < set.Tables.Count; t++)
        {
            foreach (var c in set.Tables[t].Cells)
            {
                if (c.Exact && states[t].Status.ContainsKey(Key(c))) refused.Add(c.Unit);
            }
        }
        return set.Tables[i].Cells
            .Where(c => c.Exact && !c.Known && c.Value > 0 && !refused.Contains(c.Unit))
            .OrderBy(c => c.Value).ThenBy(c => c.Unit).Select(c => c.Unit);
    }

    // The first table of the set that breaks a rule with what the viewer has seen before, or -1.
    private static int Unsafe(DisclosureSet set, List<Block> states, HashSet<int> hidden, bool[] totals)
    {
        for (var i = 0; i < set.Tables.Count; i++)
        {
            if (!states[i].SafeWith(set.Tables[i], hidden, totals[i])) return i;
        }
        return -1;
    }

    private enum Status { Shown, Hidden }

    // Small: must not be shown, solved or shown to be small. Sensitive: must not be solved (small, or never shown exactly).
    private sealed record Variable((int Unit, double Value) Key, bool Small, bool Sensitive, double Ceiling)
    {
        public static Variable Of(DisclosureCell c) => new(DisclosureControl.Key(c), c.Small, c.Small || !c.Exact, c.Ceiling);
    }

    // A cell the viewer cannot read: hidden, or never shown exactly, and not their own.
    private static bool Unknown(DisclosureCell c, bool hidden) => (hidden || !c.Exact) && !c.Known;

    // A shown total over a table's unknowns: Sum is the total less every cell the viewer sees or knows.
    private sealed record Relation(IReadOnlySet<(int Unit, double Value)> Unknowns, double Sum);

    /// <summary>What a viewer has seen of one block so far.</summary>
    private sealed class Block
    {
        public readonly Dictionary<(int Unit, double Value), Status> Status = [];
        private readonly Dictionary<(int Unit, double Value), Variable> _unknowns = [];
        private readonly List<Relation> _relations = [];

        public void Commit(DisclosureTable table, HashSet<int> hidden, bool totalShown)
        {
            foreach (var c in table.Cells)
            {
                var key = Key(c);
                Status.TryAdd(key, hidden.Contains(c.Unit) ? DisclosureControl.Status.Hidden : DisclosureControl.Status.Shown);
                if (Unknown(c, Status[key] == DisclosureControl.Status.Hidden)) _unknowns.TryAdd(key, Variable.Of(c));
            }
            if (totalShown) _relations.Add(RelationOf(table, hidden));
        }

        public bool SafeWith(DisclosureTable table, HashSet<int> hidden, bool totalShown)
        {
            var unknowns = new Dictionary<(int Unit, double Value), Variable>(_unknowns);
            foreach (var c in table.Cells)
            {
                if (!Status.ContainsKey(Key(c)) && Unknown(c, hidden.Contains(c.Unit))) unknowns.TryAdd(Key(c), Variable.Of(c));
            }
            if (!unknowns.Values.Any(v => v.Sensitive)) return true;
            var relations = totalShown ? [.. _relations, RelationOf(table, hidden)] : _relations;
            return AddsUp(relations, unknowns) && NoneSolved(relations, unknowns);
        }

        private Relation RelationOf(DisclosureTable table, HashSet<int> hidden)
        {
            var unknown = new HashSet<(int, double)>();
            var sum = 0.0;
            foreach (var c in table.Cells)
            {
                var key = Key(c);
                var isHidden = Status.TryGetValue(key, out var s) ? s == DisclosureControl.Status.Hidden : hidden.Contains(c.Unit);
                if (Unknown(c, isHidden)) { unknown.Add(key); sum += c.Value; }
            }
            return new Relation(unknown, sum);
        }

        // Rule 2: a reader who knows every shown figure still cannot tell that a hidden small cell is below 5.
        private static bool AddsUp(IReadOnlyList<Relation> relations, Dictionary<(int, double), Variable> unknowns)
        {
            bool Covers(IEnumerable<(int, double)> cells, double sum) =>
                cells.Select(k => unknowns[k]).Where(v => v.Small).All(v => Math.Min(v.Ceiling, sum) >= Math.Min(Threshold, v.Ceiling));
            foreach (var r in relations)
            {
                if (!Covers(r.Unknowns, r.Sum)) return false;
            }
            foreach (var inner in relations)
            {
                foreach (var outer in relations)
                {
                    if (inner.Unknowns.Count == 0 || inner.Unknowns.Count >= outer.Unknowns.Count || !inner.Unknowns.IsSubsetOf(outer.Unknowns)) continue;
                    if (!Covers(outer.Unknowns.Except(inner.Unknowns), outer.Sum - inner.Sum)) return false;
                }
            }
            return true;
        }

        // Rule 1: an unknown cell is solved by some combination of the totals exactly when every solution of the
        // homogeneous system leaves it unchanged, i.e. it is zero in every vector of the null space.
        private static bool NoneSolved(IReadOnlyList<Relation> relations, Dictionary<(int, double), Variable> unknowns)
        {
            var rows = relations.Where(r => r.Unknowns.Count > 0).ToList();
            if (rows.Count == 0) return true;
            var columns = rows.SelectMany(r => r.Unknowns).Distinct().ToList();
            var index = columns.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
            var a = Matrix<double>.Build.Dense(rows.Count, columns.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                foreach (var k in rows[r].Unknowns) a[r, index[k]] = 1;
            }
            var kernel = a.Kernel();
            for (var c = 0; c < columns.Count; c++)
            {
                if (unknowns[columns[c]].Sensitive && kernel.All(v => Math.Abs(v[c]) < 1e-9)) return false;
            }
            return true;
        }
    }
}
