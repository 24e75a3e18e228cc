using System.Globalization;
using Klynge.Core.Registry;

namespace Klynge.Core.Demo;

/// <summary>The headline figures of a registry on one day, to compare with the published KiAP figures.</summary>
public sealed record DemoCountrySummary(
    DateOnly Day,
    int Clusters,
    int OpenPractices,
    int ClosedPractices,
    int Gps,
    int Trainees,
    int Staff,
    long ListedPatients,
    int MemberPractices,
    double SoloShare,
    double MeanClusterGps,
    int MinClusterGps,
    int MaxClusterGps,
    double MeanClusterPatients,
    int MinClusterPatients,
    int MaxClusterPatients,
    double ShareAbove60000Patients,
    double Share10To40Gps,
    double SharedCoordinationShare,
    double OpenDataSharingShare,
    double ConsentShare,
    int Guilds)
{
    /// <summary>Share of open practices that are members of a cluster.</summary>
    public double MemberShare => OpenPractices == 0 ? 0 : (double)MemberPractices / OpenPractices;

    /// <summary>Sizes of every cluster on the country's day: GPs are owner and employed GPs (not trainees) of current member practices.</summary>
    public static IReadOnlyList<(int ClusterId, int Gps, int Patients, int Coordinators)> ClusterSizes(DemoCountry country)
    {
        var day = country.Today;
        var practices = country.Practices.ToDictionary(p => p.Id);
        var gpsByPractice = country.Affiliations
            .Where(a => a.IsValidOn(day) && a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp)
            .ToLookup(a => a.PracticeId, a => a.PersonId);
        var members = country.Memberships
            .Where(m => m.IsValidOn(day) && practices[m.PracticeId].IsOpenOn(day))
            .ToLookup(m => m.ClusterId, m => m.PracticeId);
        var coordinators = country.Roles
            .Where(r => r.Kind == ClusterRoleKind.Coordinator && r.IsValidOn(day))
            .ToLookup(r => r.ClusterId);
        return country.Clusters.OrderBy(c => c.Id).Select(c =>
        {
            var memberIds = members[c.Id].Distinct().ToList();
            return (c.Id,
                memberIds.SelectMany(id => gpsByPractice[id]).Distinct().Count(),
                memberIds.Sum(id => practices[id].ListedPatients),
                coordinators[c.Id].Select(r => r.PersonId).Distinct().Count());
        }).ToList();
    }

    public static DemoCountrySummary From(DemoCountry country)
    {
        var day = country.Today;
        var open = country.Practices.Where(p => p.IsOpenOn(day)).ToList();
        var openIds = open.Select(p => p.Id).ToHashSet();
        var current = country.Affiliations.Where(a => a.IsValidOn(day) && openIds.Contains(a.PracticeId)).ToList();
        var sizes = ClusterSizes(country);
        var latestConsent = country.Consents.Where(c => c.On <= day)
            .GroupBy(c => c.PracticeId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.On).ThenBy(c => c.Id).Last().Given);
        var members = country.Memberships.Where(m => m.IsValidOn(day) && openIds.Contains(m.PracticeId))
            .Select(m => m.PracticeId).Distinct().ToList();
        double Share(int count, int of) => of == 0 ? 0 : (double)count / of;

        return new DemoCountrySummary(
            day,
            country.Clusters.Count,
            open.Count,
            country.Practices.Count - open.Count,
            current.Where(a => a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp).Select(a => a.PersonId).Distinct().Count(),
            current.Where(a => a.Role == PracticeRole.TraineeGp).Select(a => a.PersonId).Distinct().Count(),
            current.Where(a => !a.Role.IsGp()).Select(a => a.PersonId).Distinct().Count(),
            open.Sum(p => (long)p.ListedPatients),
            members.Count,
            Share(open.Count(p => p.OrganisationForm == OrganisationForm.Solo), open.Count),
            sizes.Count == 0 ? 0 : sizes.Average(s => s.Gps),
            sizes.Count == 0 ? 0 : sizes.Min(s => s.Gps),
            sizes.Count == 0 ? 0 : sizes.Max(s => s.Gps),
            sizes.Count == 0 ? 0 : sizes.Average(s => s.Patients),
            sizes.Count == 0 ? 0 : sizes.Min(s => s.Patients),
            sizes.Count == 0 ? 0 : sizes.Max(s => s.Patients),
            Share(sizes.Count(s => s.Patients > 60_000), sizes.Count),
            Share(sizes.Count(s => s.Gps is >= 10 and <= 40), sizes.Count),
            Share(sizes.Count(s => s.Coordinators >= 2), sizes.Count),
            Share(country.Clusters.Count(c => c.DataSharing == DataSharing.Open), country.Clusters.Count),
            Share(members.Count(id => latestConsent.GetValueOrDefault(id)), members.Count),
            country.Guilds.Count);
    }

    /// <summary>The summary as lines of text for the command line.</summary>
    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"Demo country on {Day:yyyy-MM-dd}");
        yield return string.Create(c, $"  clusters:            {Clusters}");
        yield return string.Create(c, $"  practices:           {OpenPractices} open ({SoloShare:P0} solo), {ClosedPractices} closed, {MemberShare:P1} cluster members");
        yield return string.Create(c, $"  GPs:                 {Gps} (+ {Trainees} trainees), staff {Staff}");
        yield return string.Create(c, $"  listed patients:     {ListedPatients:N0}");
        yield return string.Create(c, $"  cluster GPs:         mean {MeanClusterGps:F1}, min {MinClusterGps}, max {MaxClusterGps}; 10-40 GPs {Share10To40Gps:P0}");
        yield return string.Create(c, $"  cluster patients:    mean {MeanClusterPatients:N0}, min {MinClusterPatients:N0}, max {MaxClusterPatients:N0}; above 60,000 {ShareAbove60000Patients:P0}");
        yield return string.Create(c, $"  shared coordination: {SharedCoordinationShare:P0}; open data sharing {OpenDataSharingShare:P0}; consent {ConsentShare:P1}");
        yield return string.Create(c, $"  guilds:              {Guilds}");
    }
}
