using Klynge.Core.Indicators;
using Klynge.Core.Prescribing;

namespace Klynge.Core.Tests.Indicators;

/// <summary>
/// A deliberately plain second implementation: for every indicator, practice and quarter it filters the full list
/// of rows again. Slow, but each number follows the written definition line by line.
/// </summary>
internal static class NaiveIndicatorCalculator
{
    public sealed record Row(string Level, string Unit, int Quarter, double Numerator, double Denominator, double? Value, double? Standardised);

    public static List<Row> Compute(
        List<Dispensing> rows, List<ListSize> sizes, IndicatorDefinition def, IndicatorUnits units)
    {
        var kind = def.Kind;
        var num = AtcCodeList.Parse(def.Numerator!);
        var den = def.Denominator is null ? null : AtcCodeList.Parse(def.Denominator);
        var groupB = def.Parameters.GroupB is null ? null : AtcCodeList.Parse(def.Parameters.GroupB);
        var scale = kind == IndicatorKind.Share ? 100.0 : kind == IndicatorKind.Dispensings ? 4000.0 : 1000.0;

        var cells = rows.Select(r => (r.PracticeId, Quarter.Of(r.DispensedOn)))
            .Concat(sizes.Select(s => (s.PracticeId, s.Quarter)))
            .Distinct()
            .ToList();

        // Per practice-quarter: numerator and denominator, and both split by sex and 5-year band.
        var practice = new Dictionary<(int, Quarter), (double N, double D, Dictionary<(Sex, int), double> NS, Dictionary<(Sex, int), double> DS)>();
        foreach (var (p, q) in cells)
        {
            var here = rows.Where(r => r.PracticeId == p && Quarter.Of(r.DispensedOn) == q).ToList();
            double n = 0, d = 0;
            var ns = new Dictionary<(Sex, int), double>();
            void Count(Sex sex, int age, double amount)
            {
                n += amount;
                var band = Math.Min(age, 90) / 5 * 5;
                ns[(sex, band)] = ns.GetValueOrDefault((sex, band)) + amount;
            }

            if (kind == IndicatorKind.LongTermUsers)
            {
                var k = def.Parameters.K!.Value;
                var window = Enumerable.Range(0, def.Parameters.N!.Value).Select(i => Back(q, i)).ToList();
                var candidates = rows.Where(r => r.PracticeId == p && window.Contains(Quarter.Of(r.DispensedOn)))
                    .GroupBy(r => r.PatientId);
                foreach (var patient in candidates)
                {
                    var first = patient.First();
                    var age = q.Year - first.BirthYear;
                    if (!def.Admits(age, first.Sex)) continue;
                    var userQuarters = window.Count(w => patient.Where(r => Quarter.Of(r.DispensedOn) == w && num.Matches(r.Atc)).Sum(r => r.Packages) > 0);
                    if (userQuarters >= k) Count(first.Sex, age, 1);
                }
            }
            else
            {
                foreach (var patient in here.GroupBy(r => r.PatientId))
                {
                    var first = patient.First();
                    var age = q.Year - first.BirthYear;
                    if (!def.Admits(age, first.Sex)) continue;
                    var inNum = patient.Where(r => num.Matches(r.Atc)).ToList();
                    var isUser = inNum.Sum(r => r.Packages) > 0;
                    var ddd = inNum.Sum(r => r.Ddd ?? 0);
                    switch (kind)
                    {
                        case IndicatorKind.Volume: Count(first.Sex, age, ddd); break;
                        case IndicatorKind.Users: if (isUser) Count(first.Sex, age, 1); break;
                        case IndicatorKind.Dispensings: Count(first.Sex, age, inNum.Sum(r => Math.Sign(r.Packages))); break;
                        case IndicatorKind.HighDoseUsers:
                            if (isUser && ddd / q.Days > def.Parameters.ThresholdDddPerDay) Count(first.Sex, age, 1);
                            break;
                        case IndicatorKind.ConcurrentUsers:
                            if (isUser && patient.Where(r => groupB!.Matches(r.Atc)).Sum(r => r.Packages) > 0) Count(first.Sex, age, 1);
                            break;
                        case IndicatorKind.Polypharmacy:
                            var distinct = inNum.GroupBy(r => r.Atc).Count(g => g.Sum(r => r.Packages) > 0);
                            if (distinct >= def.Parameters.MinDistinct) Count(first.Sex, age, 1);
                            break;
                        case IndicatorKind.Share:
                            var inDen = patient.Where(r => den!.Matches(r.Atc)).ToList();
                            switch (def.Parameters.ShareBy)
                            {
                                case "users":
                                    if (isUser) Count(first.Sex, age, 1);
                                    if (inDen.Sum(r => r.Packages) > 0) d += 1;
                                    break;
                                case "ddd":
                                    Count(first.Sex, age, ddd);
                                    d += inDen.Sum(r => r.Ddd ?? 0);
                                    break;
                                default:
                                    Count(first.Sex, age, inNum.Sum(r => Math.Sign(r.Packages)));
                                    d += inDen.Sum(r => Math.Sign(r.Packages));
                                    break;
                            }
                            break;
                    }
                }
            }

            var ds = new Dictionary<(Sex, int), double>();
            if (kind != IndicatorKind.Share)
            {
                var days = kind == IndicatorKind.Volume ? q.Days : 1;
                foreach (var s in sizes.Where(s => s.PracticeId == p && s.Quarter == q && def.AdmitsBand(s.AgeBandFrom, s.Sex)))
                {
                    d += s.Patients * days;
                    ds[(s.Sex, s.AgeBandFrom)] = ds.GetValueOrDefault((s.Sex, s.AgeBandFrom)) + s.Patients * days;
                }
            }
            practice[(p, q)] = (n, d, ns, ds);
        }

        var result = new List<Row>();
        foreach (var q in cells.Select(c => c.Item2).Distinct())
        {
            var inQuarter = practice.Where(c => c.Key.Item2 == q).ToList();
            var standard = new Dictionary<(Sex, int), double>();
            foreach (var c in inQuarter) foreach (var (s, v) in c.Value.DS) standard[s] = standard.GetValueOrDefault(s) + v;

            Row Make(string level, string unit, IEnumerable<(double N, double D, Dictionary<(Sex, int), double> NS, Dictionary<(Sex, int), double> DS)> parts)
            {
                var list = parts.ToList();
                var n = list.Sum(x => x.N);
                var d = list.Sum(x => x.D);
                double? std = null;
                if (kind != IndicatorKind.Share)
                {
                    double top = 0, weight = 0;
                    foreach (var (stratum, w) in standard)
                    {
                        var sd = list.Sum(x => x.DS.GetValueOrDefault(stratum));
                        if (sd <= 0 || w <= 0) continue;
                        top += w * list.Sum(x => x.NS.GetValueOrDefault(stratum)) / sd;
                        weight += w;
                    }
                    std = weight > 0 ? top / weight * scale : null;
                }
                return new Row(level, unit, q.ToKey(), n, d, d != 0 ? n / d * scale : null, std);
            }

            foreach (var c in inQuarter) result.Add(Make("Practice", units.ProviderNumber(c.Key.Item1), [c.Value]));
            foreach (var g in inQuarter.Where(c => units.ClusterOf(c.Key.Item1, q) is not null).GroupBy(c => units.ClusterOf(c.Key.Item1, q)!.Value))
                result.Add(Make("Cluster", g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Select(c => c.Value)));
            foreach (var g in inQuarter.Where(c => units.RegionOf(c.Key.Item1) is not null).GroupBy(c => units.RegionOf(c.Key.Item1)!))
                result.Add(Make("Region", g.Key, g.Select(c => c.Value)));
            result.Add(Make("Nation", "DK", inQuarter.Select(c => c.Value)));
        }
        return result;
    }

    private static Quarter Back(Quarter q, int steps)
    {
        for (var i = 0; i < steps; i++) q = q.Previous;
        return q;
    }
}
