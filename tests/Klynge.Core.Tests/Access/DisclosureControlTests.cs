using Klynge.Core.Access;

namespace Klynge.Core.Tests.Access;

public class DisclosureControlTests
{
    // A table of one block: (unit, count), small where the count is 1-4, own units known to the viewer.
    private static DisclosureTable Table(string block, int[] own, params (int Unit, double Count)[] cells) =>
        new(block, [.. cells.Select(c => new DisclosureCell(c.Unit, c.Count, c.Count is >= 1 and <= 4, own.Contains(c.Unit)))],
            TotalSmall: cells.Sum(c => c.Count) is >= 1 and <= 4);

    private static DisclosureSet Set(params DisclosureTable[] tables) => new(tables);

    private static DisclosureDecision One(DisclosureTable table) => Assert.Single(DisclosureControl.Protect([Set(table)]));

    [Fact]
    public void One_small_cell_is_protected_by_hiding_the_smallest_other_cell()
    {
        var d = One(Table("q", [], (1, 3), (2, 10), (3, 20), (4, 7)));

        // Alone, 3 = total - 10 - 20 - 7; with 7 hidden too the two add up to 10 and either could be anything.
        Assert.Equal([1, 4], d.Hidden.Order());
        Assert.Equal([true], d.TotalShown);
    }

    [Fact]
    public void Two_small_cells_adding_up_to_less_than_five_get_a_third()
    {
        var d = One(Table("q", [], (1, 1), (2, 2), (3, 30), (4, 40)));

        // 1 + 2 = 3 would tell that both are small; with 30 the hidden cells add up to 33.
        Assert.Equal([1, 2, 3], d.Hidden.Order());
    }

    [Fact]
    public void Two_small_cells_adding_up_to_five_or_more_protect_each_other()
    {
        var d = One(Table("q", [], (1, 2), (2, 4), (3, 30)));

        Assert.Equal([1, 2], d.Hidden.Order());
        Assert.Equal([true], d.TotalShown);
    }

    [Fact]
    public void The_viewers_own_count_protects_nothing()
    {
        // Unit 2 is the viewer's own 2: known to them, so 3 would follow from the total unless another cell is hidden.
        var d = One(Table("q", [2], (1, 3), (2, 2), (3, 30), (4, 12)));

        Assert.Equal([1, 2, 4], d.Hidden.Order());
    }

    [Fact]
    public void A_small_total_is_not_shown_and_then_nothing_more_needs_hiding()
    {
        var d = One(Table("q", [], (1, 1), (2, 2), (3, 0)));

        Assert.Equal([1, 2], d.Hidden.Order());
        Assert.Equal([false], d.TotalShown);
    }

    [Fact]
    public void A_practice_joining_between_two_packages_cannot_be_solved_from_the_difference_of_their_totals()
    {
        var first = Table("q", [], (1, 3), (2, 10), (3, 20));
        var second = Table("q", [], (1, 3), (2, 10), (3, 20), (4, 2));

        var d = DisclosureControl.Protect([Set(first), Set(second)]);

        Assert.Equal([1, 2], d[0].Hidden.Order());
        // Unit 4's 2 = second total - first total; no cell of the second package is new but 4 itself, so its total goes.
        Assert.Equal([1, 2, 4], d[1].Hidden.Order());
        Assert.Equal([false], d[1].TotalShown);
    }

    [Fact]
    public void A_practice_leaving_between_two_packages_cannot_expose_the_one_it_protected()
    {
        var first = Table("q", [], (1, 3), (2, 10), (3, 20));
        // Unit 2 (which hid 3) left: 1 alone is hidden in the second package, and its total would give it away.
        var second = Table("q", [], (1, 3), (3, 20));

        var d = DisclosureControl.Protect([Set(first), Set(second)]);

        Assert.Equal([1], d[1].Hidden.Order());
        Assert.Equal([false], d[1].TotalShown);
    }

    [Fact]
    public void A_cell_hidden_once_stays_hidden_and_a_cell_shown_once_is_never_counted_as_protection()
    {
        var first = Table("q", [], (1, 3), (2, 10), (3, 20));
        var second = Table("q", [], (1, 3), (2, 10), (3, 20), (5, 8));

        var d = DisclosureControl.Protect([Set(first), Set(second)]);

        Assert.Equal([1, 2], d[1].Hidden.Order());
        Assert.Equal([true], d[1].TotalShown);
    }

    [Fact]
    public void Later_packages_never_change_what_an_earlier_one_shows()
    {
        var first = Set(Table("q", [], (1, 3), (2, 10), (3, 20)));
        var second = Set(Table("q", [], (1, 3), (2, 10), (4, 2)));

        var alone = Assert.Single(DisclosureControl.Protect([first]));
        var together = DisclosureControl.Protect([first, second]);

        Assert.Equal(alone.Hidden.Order(), together[0].Hidden.Order());
        Assert.Equal(alone.TotalShown, together[0].TotalShown);
    }

    [Fact]
    public void A_shares_numerator_and_denominator_hide_the_same_practices()
    {
        // 3 of 10: the numerator is small; 45 of 100 is hidden with it, in both tables.
        var bySmallNumerator = Assert.Single(DisclosureControl.Protect([Set(
            Table("n", [], (1, 3), (2, 45), (3, 60)),
            new DisclosureTable("d", [new(1, 10, false, false), new(2, 100, false, false), new(3, 80, false, false)]))]));
        Assert.Equal([1, 2], bySmallNumerator.Hidden.Order());

        // 0 of 3: the denominator is small, so the share is hidden, and a second practice protects the 3 in the denominators' total.
        var bySmallDenominator = Assert.Single(DisclosureControl.Protect([Set(
            new DisclosureTable("n", [new(1, 0, true, false), new(2, 40, false, false), new(3, 60, false, false)]),
            Table("d", [], (1, 3), (2, 100), (3, 80)))]));
        Assert.Equal([1, 2], bySmallDenominator.Hidden.Order());
    }

    [Fact]
    public void Cells_of_another_block_are_other_unknowns()
    {
        var d = DisclosureControl.Protect([Set(Table("q1", [], (1, 3), (2, 10))), Set(Table("q2", [], (1, 3), (2, 10)))]);

        Assert.Equal([1, 2], d[0].Hidden.Order());
        Assert.Equal([1, 2], d[1].Hidden.Order());
    }

    // A closed cluster's table: the own unit's count is shown, every peer's only as a rounded rate.
    private static DisclosureTable Closed(int own, params (int Unit, double Count)[] cells) =>
        new("q", [.. cells.Select(c => new DisclosureCell(c.Unit, c.Count, c.Count is >= 1 and <= 4, c.Unit == own, Exact: c.Unit == own))]);

    [Fact]
    public void In_a_closed_cluster_a_lone_peer_is_not_given_away_by_the_total()
    {
        // Own 10 and one peer's 20: the total less the own count is the peer's count, so the total goes.
        Assert.Equal([false], One(Closed(1, (1, 10), (2, 20))).TotalShown);
        // With two peers neither follows, and nothing is hidden: their counts are not shown anyway.
        var two = One(Closed(1, (1, 10), (2, 20), (3, 30)));
        Assert.Empty(two.Hidden);
        Assert.Equal([true], two.TotalShown);
    }

    [Fact]
    public void In_a_closed_cluster_a_newcomers_count_and_size_do_not_follow_from_two_packages()
    {
        var d = DisclosureControl.Protect([Set(Closed(1, (1, 10), (2, 20), (3, 30))), Set(Closed(1, (1, 10), (2, 20), (3, 30), (4, 25)))]);

        Assert.Equal([true], d[0].TotalShown);
        // 25 = the second total less the first: the second package's total for this quarter is not shown.
        Assert.Equal([false], d[1].TotalShown);
        Assert.Empty(d[1].Hidden);
    }

    /// <summary>
    /// Random blocks of two or three tables over a few units (members joining and leaving, an own unit), checked
    /// by brute force: every assignment of the hidden cells consistent with all shown totals and cells is listed,
    /// and every hidden small count must be able to take more than one value, among them one of 5 or more.
    /// </summary>
    [Fact]
    public void No_hidden_small_count_can_be_worked_out_from_random_tables_by_brute_force()
    {
        var random = new Random(20261205);
        var checkedSmall = 0;
        for (var round = 0; round < 300; round++)
        {
            var units = Enumerable.Range(1, random.Next(3, 6)).ToArray();
            var counts = units.ToDictionary(u => u, _ => (double)(random.Next(3) == 0 ? random.Next(1, 5) : random.Next(0, 10)));
            int[] own = random.Next(2) == 0 ? [units[random.Next(units.Length)]] : [];
            var tables = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => Table("q", own, [.. units.Where(_ => random.Next(4) > 0).Select(u => (u, counts[u]))]))
                .Where(t => t.Cells.Count > 0)
                .ToList();
            var decisions = DisclosureControl.Protect(tables.Select(t => Set(t)));

            // What the viewer learns: shown cells, own cells, and per shown total the sum of the other hidden cells.
            var hidden = units.Where(u => decisions.Any(d => d.Hidden.Contains(u))).ToHashSet();
            var shown = units.Where(u => tables.Any(t => t.Cells.Any(c => c.Unit == u)) && !hidden.Contains(u)).ToHashSet();
            Assert.DoesNotContain(shown, u => counts[u] is >= 1 and <= 4);
            var unknown = hidden.Where(u => !own.Contains(u)).Order().ToArray();
            var equations = tables.Zip(decisions)
                .Where(x => x.Second.TotalShown[0])
                .Select(x => (Units: x.First.Cells.Select(c => c.Unit).Where(unknown.Contains).ToArray(), Sum: x.First.Cells.Where(c => unknown.Contains(c.Unit)).Sum(c => c.Value)))
                .Where(e => e.Units.Length > 0)
                .ToList();
            // Only cells under some shown total are constrained; each is at most the smallest total it is under.
            var constrained = unknown.Where(u => equations.Any(e => e.Units.Contains(u))).ToArray();
            var bound = constrained.Select(u => (int)equations.Where(e => e.Units.Contains(u)).Min(e => e.Sum)).ToArray();
            var rows = equations.Select(e => (Columns: e.Units.Select(u => Array.IndexOf(constrained, u)).ToArray(), e.Sum)).ToArray();
            var feasible = constrained.ToDictionary(u => u, _ => new HashSet<int>());
            var values = new int[constrained.Length];
            void Search(int k)
            {
                if (k == constrained.Length)
                {
                    foreach (var (columns, sum) in rows)
                    {
                        var total = 0;
                        foreach (var c in columns) total += values[c];
                        if (total != sum) return;
                    }
                    for (var i = 0; i < constrained.Length; i++) feasible[constrained[i]].Add(values[i]);
                    return;
                }
                for (var v = 0; v <= bound[k]; v++) { values[k] = v; Search(k + 1); }
            }
            Search(0);
            foreach (var u in constrained.Where(u => counts[u] is >= 1 and <= 4))
            {
                checkedSmall++;
                Assert.True(feasible[u].Count > 1 && feasible[u].Max() >= 5,
                    $"round {round}: unit {u}'s {counts[u]} can only be {string.Join(",", feasible[u])}");
            }
        }
        // The random tables did put small counts under shown totals.
        Assert.True(checkedSmall > 50, $"only {checkedSmall} small counts were checked");
    }
}
