using Klynge.Core.Registry;

namespace Klynge.Core.Demo;

/// <summary>
/// The people and places behind the web app's demo log-ins: a GP and a staff member at the same
/// member practice, a coordinator of that practice's cluster, an analyst region and a partner municipality.
/// </summary>
public sealed record DemoPersonas(
    int GpPersonId, int StaffPersonId, int CoordinatorPersonId, int ClusterId, int PracticeId,
    int AnalystRegionCode, int PartnerMunicipalityCode)
{
    /// <summary>Region Midtjylland: the demo analyst works for its quality unit.</summary>
    public const int AnalystRegion = 1082;

    /// <summary>
    /// Picks the personas from the data alone (lowest ids first), so the same registry always gives
    /// the same log-ins: the first cluster in Region Midtjylland with closed data sharing and shared
    /// coordination, and in it the first practice with a current staff member and an owner GP who holds no cluster role.
    /// </summary>
    public static DemoPersonas Find(DemoCountry country)
    {
        var day = country.Today;
        var people = country.People.ToDictionary(p => p.Id);
        var practices = country.Practices.ToDictionary(p => p.Id);
        var currentRoles = country.Roles.Where(r => r.IsValidOn(day)).ToList();
        var roleHolders = currentRoles.Select(r => r.PersonId).ToHashSet();
        var affiliationsByPractice = country.Affiliations.Where(a => a.IsValidOn(day)).ToLookup(a => a.PracticeId);

        foreach (var cluster in country.Clusters.Where(c => c.RegionCode == AnalystRegion && c.DataSharing == DataSharing.Closed).OrderBy(c => c.Id))
        {
            var coordinators = currentRoles
                .Where(r => r.ClusterId == cluster.Id && r.Kind == ClusterRoleKind.Coordinator)
                .OrderBy(r => r.Id).Select(r => people[r.PersonId]).ToList();
            if (coordinators.Count < 2 || coordinators.FirstOrDefault(p => p.Email is not null) is not { } coordinator) continue;

            var memberPractices = country.Memberships
                .Where(m => m.ClusterId == cluster.Id && m.IsValidOn(day) && practices[m.PracticeId].IsOpenOn(day))
                .Select(m => m.PracticeId).Distinct().Order();
            foreach (var practiceId in memberPractices)
            {
                var here = affiliationsByPractice[practiceId].OrderBy(a => a.Id).ToList();
                var gp = here.FirstOrDefault(a => a.Role == PracticeRole.OwnerGp && !roleHolders.Contains(a.PersonId)
                                                  && people[a.PersonId].Email is not null);
                var staff = here.FirstOrDefault(a => !a.Role.IsGp());
                if (gp is null || staff is null) continue;
                return new DemoPersonas(gp.PersonId, staff.PersonId, coordinator.Id, cluster.Id, practiceId,
                    AnalystRegion, cluster.MainMunicipalityCode);
            }
        }
        throw new InvalidOperationException(
            "The registry has no cluster in Region Midtjylland with closed data sharing, two coordinators and a practice with a GP and staff; demo log-ins cannot be chosen.");
    }
}
