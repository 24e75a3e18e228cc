using Klynge.Core.Access;
using Klynge.Core.Data;
using Klynge.Core.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>
/// A small hand-built registry: clusters A and B in Region Midtjylland, C in Region Hovedstaden,
/// their practices and people, one open practice outside any cluster, one closed practice (a former
/// member of A), and one log-in per role. The entity lists are kept so tests can work out expected
/// figures from the same data the database holds.
/// </summary>
public sealed class TestRegistry
{
    public const string Password = "Klynge-test-2026";
    public const int Midtjylland = 1082, Hovedstaden = 1084;
    public const int Aarhus = 751, Randers = 730, Syddjurs = 706, Copenhagen = 101;
    public static readonly DateOnly Since = new(2020, 1, 1);

    public const string GpA = "laege.a@klynge.test";
    public const string StaffA = "personale.a@klynge.test";
    public const string CoordinatorA = "koordinator.a@klynge.test";
    public const string CoordinatorC = "koordinator.c@klynge.test";
    public const string NationalAnalyst = "analytiker@klynge.test";
    public const string RegionalAnalyst = "analytiker.midt@klynge.test";
    public const string Partner = "kommune.aarhus@klynge.test";
    public const string Admin = "admin@klynge.test";

    public static readonly string[] AllUsers = [GpA, StaffA, CoordinatorA, CoordinatorC, NationalAnalyst, RegionalAnalyst, Partner, Admin];

    public Cluster ClusterA { get; } = new() { Id = 101, Name = "Klynge Aarhus Nord", RegionCode = Midtjylland, MainMunicipalityCode = Aarhus, FoundedOn = new(2018, 9, 1), DataSharing = DataSharing.Open };
    /// <summary>Based in Randers but also covering Aarhus, so Aarhus's partner sees it through coverage.</summary>
    public Cluster ClusterB { get; } = new() { Id = 102, Name = "Klynge Randers og omegn", RegionCode = Midtjylland, MainMunicipalityCode = Randers, FoundedOn = new(2018, 10, 1) };
    public Cluster ClusterC { get; } = new() { Id = 103, Name = "Klynge København Vest", RegionCode = Hovedstaden, MainMunicipalityCode = Copenhagen, FoundedOn = new(2019, 1, 1) };

    public Practice Norregade { get; } = NewPractice("100001", "Lægerne Nørregade", Aarhus, 3200);
    public Practice Trojborg { get; } = NewPractice("100002", "Lægehuset Trøjborg", Aarhus, 2100);
    public Practice RandersCenter { get; } = NewPractice("200001", "Randers Lægecenter", Randers, 4000);
    public Practice Vesterbro { get; } = NewPractice("300001", "Lægerne Vesterbro", Copenhagen, 2800);
    public Practice Amager { get; } = NewPractice("300002", "Lægerne Amager", Copenhagen, 1900);
    /// <summary>Open and in no cluster: the one a coordinator can add.</summary>
    public Practice Skejby { get; } = NewPractice("100003", "Lægehuset Skejby", Aarhus, 1500);
    /// <summary>Closed in 2023, formerly a member of A.</summary>
    public Practice Klostergade { get; } = NewPractice("100004", "Lægerne Klostergade", Aarhus, 1000, closedOn: new(2023, 7, 1));

    public Person AnneHolm { get; } = NewPerson("Anne", "Holm");
    public Person BoLund { get; } = NewPerson("Bo", "Lund");
    public Person NinaKrog { get; } = NewPerson("Nina", "Krog");
    public Person SaraBerg { get; } = NewPerson("Sara", "Berg");
    public Person KarenDahl { get; } = NewPerson("Karen", "Dahl");
    public Person TimRavn { get; } = NewPerson("Tim", "Ravn");
    public Person OleBak { get; } = NewPerson("Ole", "Bak");
    public Person PiaFriis { get; } = NewPerson("Pia", "Friis");
    public Person LarsWinther { get; } = NewPerson("Lars", "Winther");
    public Person MetteJuhl { get; } = NewPerson("Mette", "Juhl");
    public Person JensIbsen { get; } = NewPerson("Jens", "Ibsen");
    public Person HansMoe { get; } = NewPerson("Hans", "Moe");

    public IReadOnlyList<Cluster> Clusters => [ClusterA, ClusterB, ClusterC];
    public IReadOnlyList<Practice> Practices => [Norregade, Trojborg, RandersCenter, Vesterbro, Amager, Skejby, Klostergade];
    public List<PracticeAffiliation> Affiliations { get; } = [];
    public List<ClusterMembership> Memberships { get; } = [];
    public List<ClusterRole> Roles { get; } = [];

    /// <summary>The registry person each personal log-in stands for.</summary>
    public Dictionary<string, Person> PersonOf => new()
    {
        [GpA] = AnneHolm,
        [StaffA] = NinaKrog,
        [CoordinatorA] = KarenDahl,
        [CoordinatorC] = LarsWinther,
    };

    private TestRegistry()
    {
        ClusterB.Municipalities.Add(new ClusterMunicipality { MunicipalityCode = Aarhus });
        ClusterA.Municipalities.Add(new ClusterMunicipality { MunicipalityCode = Syddjurs });

        Work(AnneHolm, Norregade, PracticeRole.OwnerGp);
        Work(BoLund, Norregade, PracticeRole.EmployedGp);
        Work(NinaKrog, Norregade, PracticeRole.Nurse, takesPart: true);
        Work(SaraBerg, Norregade, PracticeRole.Secretary);
        Work(KarenDahl, Trojborg, PracticeRole.OwnerGp);
        Work(TimRavn, Trojborg, PracticeRole.TraineeGp);
        Work(OleBak, RandersCenter, PracticeRole.OwnerGp);
        Work(PiaFriis, RandersCenter, PracticeRole.OwnerGp);
        Work(LarsWinther, Vesterbro, PracticeRole.OwnerGp);
        Work(MetteJuhl, Amager, PracticeRole.EmployedGp);
        Work(JensIbsen, Skejby, PracticeRole.OwnerGp);
        Work(HansMoe, Klostergade, PracticeRole.OwnerGp, until: Klostergade.ClosedOn);

        Join(Norregade, ClusterA);
        Join(Trojborg, ClusterA);
        Join(Klostergade, ClusterA, from: new(2019, 1, 1), until: Klostergade.ClosedOn);
        Join(RandersCenter, ClusterB);
        Join(Vesterbro, ClusterC);
        Join(Amager, ClusterC);

        Coordinate(KarenDahl, ClusterA);
        Coordinate(OleBak, ClusterB);
        Coordinate(LarsWinther, ClusterC);
    }

    /// <summary>Writes the registry straight through the context, then creates the log-ins through Identity in the web host.</summary>
    public static async Task<TestRegistry> SeedAsync(TestDatabase database, IServiceProvider services)
    {
        TestRegistry registry;
        await using (var db = database.NewContext()) registry = await WriteAsync(db);
        await registry.CreateLoginsAsync(services);
        return registry;
    }

    /// <summary>Writes the registry without log-ins, for tests that run no web host (the command line).</summary>
    public static async Task<TestRegistry> WriteAsync(KlyngeDbContext db)
    {
        var registry = new TestRegistry();
        db.Clusters.AddRange(registry.Clusters);
        db.Practices.AddRange(registry.Practices);
        db.PracticeAffiliations.AddRange(registry.Affiliations);
        db.ClusterMemberships.AddRange(registry.Memberships);
        db.ClusterRoles.AddRange(registry.Roles);
        await db.SaveChangesAsync();
        return registry;
    }

    private async Task CreateLoginsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Core.Access.Roles.All) Check(await roles.CreateAsync(new IdentityRole(role)));

        var logins = new (string Email, string[] Roles, int? RegionCode, int? MunicipalityCode)[]
        {
            (GpA, [Core.Access.Roles.Gp], null, null),
            (StaffA, [Core.Access.Roles.Staff], null, null),
            (CoordinatorA, [Core.Access.Roles.Coordinator, Core.Access.Roles.Gp], null, null),
            (CoordinatorC, [Core.Access.Roles.Coordinator, Core.Access.Roles.Gp], null, null),
            (NationalAnalyst, [Core.Access.Roles.Analyst], null, null),
            (RegionalAnalyst, [Core.Access.Roles.Analyst], Midtjylland, null),
            (Partner, [Core.Access.Roles.Partner], null, Aarhus),
            (Admin, [Core.Access.Roles.Admin], null, null),
        };
        foreach (var login in logins)
        {
            var user = new KlyngeUser
            {
                UserName = login.Email,
                Email = login.Email,
                EmailConfirmed = true,
                DisplayName = login.Email,
                PersonId = PersonOf.GetValueOrDefault(login.Email)?.Id,
                RegionCode = login.RegionCode,
                MunicipalityCode = login.MunicipalityCode,
            };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRolesAsync(user, login.Roles));
        }
    }

    /// <summary>The clusters each log-in's cluster list must show, from the access rules applied by hand to this registry.</summary>
    public IReadOnlyDictionary<string, int[]> VisibleClusters => new Dictionary<string, int[]>
    {
        [GpA] = [ClusterA.Id],
        [StaffA] = [ClusterA.Id],
        [CoordinatorA] = [ClusterA.Id],
        [CoordinatorC] = [ClusterC.Id],
        [NationalAnalyst] = [ClusterA.Id, ClusterB.Id, ClusterC.Id],
        [RegionalAnalyst] = [ClusterA.Id, ClusterB.Id],
        [Partner] = [ClusterA.Id, ClusterB.Id],
        [Admin] = [ClusterA.Id, ClusterB.Id, ClusterC.Id],
    };

    public IEnumerable<Practice> CurrentMembers(Cluster cluster, DateOnly day) =>
        Memberships.Where(m => m.ClusterId == cluster.Id && m.IsValidOn(day)).Select(m => Practices.Single(p => p.Id == m.PracticeId));

    /// <summary>Practising GPs: owners and employed GPs; trainees are counted apart.</summary>
    public int GpsAt(Practice practice, DateOnly day) =>
        Affiliations.Count(a => a.PracticeId == practice.Id && a.IsValidOn(day) && a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp);

    private void Work(Person person, Practice practice, PracticeRole role, bool takesPart = false, DateOnly? until = null) =>
        Affiliations.Add(new PracticeAffiliation { Person = person, Practice = practice, Role = role, ValidFrom = Since, ValidTo = until, TakesPartInClusterWork = role.IsGp() || takesPart });

    private void Join(Practice practice, Cluster cluster, DateOnly? from = null, DateOnly? until = null) =>
        Memberships.Add(new ClusterMembership { Practice = practice, Cluster = cluster, ValidFrom = from ?? Since, ValidTo = until });

    private void Coordinate(Person person, Cluster cluster) =>
        Roles.Add(new ClusterRole { Person = person, Cluster = cluster, Kind = ClusterRoleKind.Coordinator, ValidFrom = Since });

    private static Practice NewPractice(string providerNumber, string name, int municipality, int patients, DateOnly? closedOn = null) => new()
    {
        ProviderNumber = providerNumber,
        Name = name,
        MunicipalityCode = municipality,
        OpenedOn = new(2005, 1, 1),
        ClosedOn = closedOn,
        ListedPatients = patients,
        Address = "Testvej 1",
        PostalCode = "8000",
        City = "Aarhus",
    };

    private static Person NewPerson(string first, string last) => new() { FirstName = first, LastName = last, Email = $"{first}.{last}@praksis.test".ToLowerInvariant() };

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
