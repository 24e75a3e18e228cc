using System.Text;
using Klynge.Core.Registry;

namespace Klynge.Core.Demo;

/// <summary>
/// Builds a realistic, entirely fictitious Denmark for demos and tests, calibrated to the published
/// KiAP figures (November 2019): 114 clusters, about 3,300 GPs and 5.5 million listed patients.
/// Everything is drawn from one <see cref="Random"/> seeded with the given seed, so the same seed and
/// day always give the same country.
/// </summary>
public sealed class DemoCountryGenerator
{
    public const int DefaultSeed = 2018;
    public const int ClusterCount = 114;
    public const string EmailDomain = "klynge-demo.dk";
    public const int MinClusterGps = 10, MaxClusterGps = 73, MinClusterPatients = 17_000, MaxClusterPatients = 110_000;

    private const double ListedShareOfPopulation = 0.93;
    private const double PatientsPerGp = 1_670;

    private static readonly string[] DirectionSuffixes = ["Nord", "Syd", "Øst", "Vest", "Midt"];
    private static readonly string[] RulesTexts =
    [
        "Vi mødes fire gange om året som fyraftensmøder. Afbud meldes til koordinatoren senest en uge før.",
        "Hver praksis deltager med mindst én læge pr. møde. Emnet for næste møde aftales ved mødets afslutning.",
        "Vi holder tre møder om året og et fælles temamøde med kommunen. Data drøftes i fortrolighed.",
        "Møderne går på skift mellem praksis. Vi følger op på aftalte ændringer ved næste møde.",
        "Praksispersonale er velkomne til møderne. Klyngepakker bestilles mindst otte uger før mødet.",
    ];

    private readonly Random _random;
    private readonly DateOnly _today;
    private readonly int _seed;

    private readonly List<Practice> _practices = [];
    private readonly List<Person> _people = [];
    private readonly List<PracticeAffiliation> _affiliations = [];
    private readonly List<Cluster> _clusters = [];
    private readonly List<ClusterMunicipality> _clusterMunicipalities = [];
    private readonly List<ClusterMembership> _memberships = [];
    private readonly List<ClusterRole> _roles = [];
    private readonly List<DataSharingConsent> _consents = [];
    private readonly List<Guild> _guilds = [];
    private readonly List<GuildMembership> _guildMemberships = [];
    private readonly HashSet<string> _providerNumbers = [];
    private readonly Dictionary<string, int> _emailCounts = [];

    public DemoCountryGenerator(int seed, DateOnly today)
    {
        if (today < new DateOnly(2021, 1, 1))
            throw new ArgumentOutOfRangeException(nameof(today), "The demo country needs a day after the clusters' first years (2021 or later).");
        _seed = seed;
        _today = today;
        _random = new Random(seed);
    }

    /// <summary>Generates the country of <paramref name="seed"/> as it stands on <paramref name="today"/>.</summary>
    public static DemoCountry Generate(int seed, DateOnly today) => new DemoCountryGenerator(seed, today).Generate();

    /// <summary>An area is what one or more clusters cover: a municipality with any small neighbours merged into it.</summary>
    private sealed record Area(ReferenceData.MunicipalityRow Main, List<ReferenceData.MunicipalityRow> Municipalities)
    {
        public List<Practice> Practices { get; } = [];
        public List<Cluster> Clusters { get; } = [];
    }

    private enum Fate { Member, NeverJoined, Left }

    private readonly Dictionary<int, Fate> _fates = [];
    private ILookup<int, PracticeAffiliation>? _affiliationsByPractice;

    public DemoCountry Generate()
    {
        var areas = BuildAreas();
        foreach (var area in areas)
            foreach (var municipality in area.Municipalities)
                area.Practices.AddRange(GeneratePractices(municipality));
        ChooseNonMembers(areas);
        var closed = GenerateClosedPractices(areas);

        Apportion(areas);
        foreach (var area in areas) SplitIntoClusters(area);
        WriteMemberships(areas, closed);
        var personaCluster = _clusters.Where(c => c.RegionCode == DemoPersonas.AnalystRegion)
            .OrderBy(c => c.MainMunicipalityCode == 791 ? 0 : 1).ThenBy(c => c.Id).First();
        foreach (var cluster in _clusters) ChooseRoles(cluster, cluster == personaCluster);
        personaCluster.DataSharing = DataSharing.Closed;
        WriteConsents();
        foreach (var area in areas) WriteGuild(area);

        var country = new DemoCountry
        {
            Seed = _seed,
            Today = _today,
            Practices = _practices,
            People = _people,
            Affiliations = _affiliations,
            Clusters = _clusters,
            ClusterMunicipalities = _clusterMunicipalities,
            Memberships = _memberships,
            Roles = _roles,
            Consents = _consents,
            Guilds = _guilds,
            GuildMemberships = _guildMemberships,
        };
        return country;
    }

    private static List<Area> BuildAreas()
    {
        var byCode = ReferenceData.Municipalities.ToDictionary(m => m.Code);
        var areas = new Dictionary<int, Area>();
        foreach (var m in ReferenceData.Municipalities.OrderBy(m => m.Code).Where(m => !DemoNames.MergedInto.ContainsKey(m.Code)))
            areas[m.Code] = new Area(m, [m]);
        foreach (var m in ReferenceData.Municipalities.OrderBy(m => m.Code))
            if (DemoNames.MergedInto.TryGetValue(m.Code, out var into))
                areas[into].Municipalities.Add(byCode[m.Code]);
        return areas.Values.OrderBy(a => a.Main.RegionCode).ThenBy(a => a.Main.Code).ToList();
    }

    // Practices and people

    private List<Practice> GeneratePractices(ReferenceData.MunicipalityRow municipality)
    {
        var result = new List<Practice>();
        var remaining = (int)(municipality.Population * (ListedShareOfPopulation - 0.015 + 0.03 * _random.NextDouble()));
        while (remaining > 0)
        {
            var form = remaining < 2_500 ? OrganisationForm.Solo
                : Pick([(OrganisationForm.Solo, 40), (OrganisationForm.Partnership, 45), (OrganisationForm.Shared, 15)]);
            var gps = form switch
            {
                OrganisationForm.Solo => 1,
                OrganisationForm.Partnership => Pick([(2, 62), (3, 22), (4, 9), (5, 4), (6, 2), (7, 1)]),
                _ => Pick([(2, 75), (3, 25)]),
            };
            gps = Math.Min(gps, Math.Max(1, (int)Math.Round(remaining / PatientsPerGp)));
            if (gps == 1) form = OrganisationForm.Solo;
            var patients = 0;
            for (var i = 0; i < gps; i++) patients += (int)Math.Clamp(Normal(PatientsPerGp, 190), 1_150, 2_300);
            if (patients > remaining || remaining - patients < 900) patients = remaining;
            remaining -= patients;
            result.Add(CreatePractice(municipality, form, gps, patients, closedOn: null));
        }
        return result;
    }

    private Practice CreatePractice(ReferenceData.MunicipalityRow municipality, OrganisationForm form, int gps, int patients, DateOnly? closedOn)
    {
        var towns = DemoNames.Towns[municipality.Code];
        var town = towns[_random.Next(10) < 4 ? 0 : _random.Next(towns.Length)];
        var street = DemoNames.Streets[_random.Next(DemoNames.Streets.Length)];
        var opened = closedOn is not null
            ? RandomDay(new DateOnly(1976, 1, 1), new DateOnly(2005, 12, 31))
            : RandomDay(new DateOnly(form == OrganisationForm.Solo ? 1980 : 1975, 1, 1), _today.AddDays(-120));
        var practice = new Practice
        {
            Id = _practices.Count + 1,
            ProviderNumber = NewProviderNumber(),
            Name = "",
            Address = $"{street} {_random.Next(1, 120)}{(_random.Next(8) == 0 ? "A" : "")}",
            PostalCode = town.PostalCode,
            City = town.City,
            MunicipalityCode = municipality.Code,
            OpenedOn = opened,
            ClosedOn = closedOn,
            OrganisationForm = form,
            ListedPatients = patients,
        };
        practice.Email = $"praksis{practice.ProviderNumber}@{EmailDomain}";
        _practices.Add(practice);

        var end = closedOn;
        var founders = new List<Person>();
        for (var i = 0; i < gps; i++)
        {
            var employed = i > 0 && form == OrganisationForm.Partnership && _random.NextDouble() < 0.15;
            // Partners who joined later than the practice opened, mostly long before the clusters began.
            var from = i == 0 ? opened : RandomDay(opened, Min(_today.AddDays(-60), opened.AddYears(25)));
            var gp = CreatePerson(female: _random.NextDouble() < 0.55, withEmail: true);
            founders.Add(gp);
            AddAffiliation(gp, practice, employed ? PracticeRole.EmployedGp : PracticeRole.OwnerGp, from, end, true);
        }
        if (gps >= 2 && _random.NextDouble() < 0.08)
        {
            var retiredOn = RandomDay(Max(opened.AddYears(2), new DateOnly(2015, 1, 1)), _today.AddDays(-30));
            var former = CreatePerson(female: _random.NextDouble() < 0.4, withEmail: false);
            AddAffiliation(former, practice, PracticeRole.OwnerGp, opened, closedOn is { } c && c < retiredOn ? c : retiredOn, true);
        }
        if (closedOn is null && gps >= 2 && _random.NextDouble() < 0.18)
        {
            var from = _today.AddDays(-_random.Next(0, 170));
            AddAffiliation(CreatePerson(female: _random.NextDouble() < 0.6, withEmail: true), practice,
                PracticeRole.TraineeGp, from, from.AddMonths(6), true);
        }
        var staff = gps switch { 1 => 2 + _random.Next(2), 2 => 2 + _random.Next(3), <= 4 => 3 + _random.Next(3), _ => 4 + _random.Next(4) };
        for (var i = 0; i < staff; i++)
        {
            var role = Pick([(PracticeRole.Nurse, 40), (PracticeRole.Secretary, 38), (PracticeRole.LabTechnician, 12), (PracticeRole.OtherStaff, 10)]);
            var takesPart = _random.NextDouble() < role switch
            {
                PracticeRole.Nurse => 0.4, PracticeRole.LabTechnician => 0.25, PracticeRole.Secretary => 0.15, _ => 0.1,
            };
            var from = Max(opened, _today.AddDays(-_random.Next(30, 20 * 365)));
            AddAffiliation(CreatePerson(female: _random.NextDouble() < 0.9, withEmail: _random.NextDouble() < 0.7),
                practice, role, from, end, takesPart);
        }

        practice.Name = form switch
        {
            OrganisationForm.Solo => Pick([($"Læge {founders[0].FullName}", 60), ($"Lægeklinikken {street}", 20), ($"Lægehuset i {town.City}", 20)]),
            OrganisationForm.Partnership when gps == 2 && _random.NextDouble() < 0.15 =>
                $"Lægerne {founders[0].LastName} og {founders[1].LastName}",
            OrganisationForm.Partnership => Pick([($"Lægerne {street}", 50), ($"Lægehuset i {town.City}", 20),
                ($"Lægerne i {town.City}", 18), ($"Lægecentret {town.City}", 12)]),
            _ => Pick([($"Lægehuset {street}", 50), ($"Lægerne {street}", 30), ($"Sundhedshuset {town.City}", 20)]),
        };
        return practice;
    }

    private Person CreatePerson(bool female, bool withEmail)
    {
        var first = Pick(female ? DemoNames.WomenFirst : DemoNames.MenFirst);
        var last = Pick(DemoNames.Surnames);
        var person = new Person
        {
            Id = _people.Count + 1,
            FirstName = first,
            LastName = last,
            Email = withEmail ? NewEmail(first, last) : null,
            Phone = $"+45 {_random.Next(20, 100)} {_random.Next(10, 100)} {_random.Next(10, 100)} {_random.Next(10, 100)}",
        };
        _people.Add(person);
        return person;
    }

    private void AddAffiliation(Person person, Practice practice, PracticeRole role, DateOnly from, DateOnly? to, bool takesPart) =>
        _affiliations.Add(new PracticeAffiliation
        {
            Id = _affiliations.Count + 1,
            PersonId = person.Id,
            PracticeId = practice.Id,
            Role = role,
            ValidFrom = from,
            ValidTo = to,
            TakesPartInClusterWork = takesPart,
        });

    private string NewProviderNumber()
    {
        while (true)
        {
            var number = _random.Next(10_000, 1_000_000).ToString("D6");
            if (_providerNumbers.Add(number)) return number;
        }
    }

    private string NewEmail(string first, string last)
    {
        var local = $"{Ascii(first)}.{Ascii(last)}";
        var n = _emailCounts.GetValueOrDefault(local) + 1;
        _emailCounts[local] = n;
        return n == 1 ? $"{local}@{EmailDomain}" : $"{local}{n}@{EmailDomain}";
    }

    private static string Ascii(string name)
    {
        var sb = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
            sb.Append(ch switch { 'æ' => "ae", 'ø' => "oe", 'å' => "aa", 'é' => "e", ' ' => "", _ => ch.ToString() });
        return sb.ToString();
    }

    /// <summary>
    /// About 1-2 % of open practices are outside every cluster: some never joined, some left. Only in
    /// larger areas, so that the small clusters stay within the published bounds and the islands stay covered.
    /// </summary>
    private void ChooseNonMembers(List<Area> areas)
    {
        foreach (var area in areas)
        {
            var large = area.Practices.Sum(p => p.ListedPatients) >= 40_000;
            foreach (var practice in area.Practices)
            {
                var roll = _random.NextDouble();
                var eligible = large && ReferenceData.Municipalities.First(m => m.Code == practice.MunicipalityCode).Population >= 30_000;
                _fates[practice.Id] = !eligible ? Fate.Member : roll switch { < 0.008 => Fate.NeverJoined, < 0.015 => Fate.Left, _ => Fate.Member };
            }
        }
    }

    /// <summary>A handful of practices closed in the last two years; they come on top of today's listed patients.</summary>
    private List<Practice> GenerateClosedPractices(List<Area> areas)
    {
        var closed = new List<Practice>();
        var count = 10 + _random.Next(8);
        var weighted = areas.SelectMany(a => a.Municipalities.Select(m => (a, m))).ToList();
        for (var i = 0; i < count; i++)
        {
            var (area, municipality) = weighted[PickIndex(weighted.Select(x => (double)x.m.Population).ToList())];
            var gps = _random.NextDouble() < 0.7 ? 1 : 2;
            var practice = CreatePractice(municipality, gps == 1 ? OrganisationForm.Solo : OrganisationForm.Partnership, gps,
                (int)(gps * Normal(1_450, 150)), closedOn: _today.AddDays(-_random.Next(20, 720)));
            _fates[practice.Id] = Fate.Member;
            closed.Add(practice);
            area.Practices.Add(practice);
        }
        return closed;
    }

    // Clusters

    private bool IsCurrentMember(Practice p) => p.ClosedOn is null && _fates[p.Id] == Fate.Member;

    private int CurrentGps(Practice p)
    {
        _affiliationsByPractice ??= _affiliations.ToLookup(a => a.PracticeId);
        return _affiliationsByPractice[p.Id].Count(a => a.IsValidOn(_today) && a.Role is PracticeRole.OwnerGp or PracticeRole.EmployedGp);
    }

    /// <summary>
    /// Largest-remainder apportionment of the 114 clusters to areas by listed patients, every area at
    /// least one; areas whose quota is below one are fixed at one and the rest re-apportioned.
    /// </summary>
    private void Apportion(List<Area> areas)
    {
        var patients = areas.ToDictionary(a => a, a => (double)a.Practices.Where(IsCurrentMember).Sum(p => p.ListedPatients));
        var fixedAtOne = new HashSet<Area>();
        Dictionary<Area, double> quotas;
        while (true)
        {
            var free = areas.Where(a => !fixedAtOne.Contains(a)).ToList();
            var seats = ClusterCount - fixedAtOne.Count;
            var total = free.Sum(a => patients[a]);
            quotas = free.ToDictionary(a => a, a => patients[a] * seats / total);
            var below = free.Where(a => quotas[a] < 1).ToList();
            if (below.Count == 0) break;
            fixedAtOne.UnionWith(below);
        }
        var seatsOf = areas.ToDictionary(a => a, a => fixedAtOne.Contains(a) ? 1 : (int)Math.Floor(quotas[a]));
        foreach (var area in quotas.Keys.OrderByDescending(a => quotas[a] - Math.Floor(quotas[a])).ThenBy(a => a.Main.Code)
                     .Take(ClusterCount - seatsOf.Values.Sum()))
            seatsOf[area]++;
        foreach (var area in areas)
            for (var i = 0; i < seatsOf[area]; i++)
                area.Clusters.Add(new Cluster { Name = "", RegionCode = area.Main.RegionCode, MainMunicipalityCode = area.Main.Code });
    }

    /// <summary>
    /// Cuts the area's member practices, ordered by municipality and town, into contiguous groups of
    /// varying size, drawing again until every group is within the published bounds.
    /// </summary>
    private void SplitIntoClusters(Area area)
    {
        var townIndex = (Practice p) => Array.FindIndex(DemoNames.Towns[p.MunicipalityCode], t => t.PostalCode == p.PostalCode);
        var members = area.Practices.Where(IsCurrentMember)
            .Select(p => (Practice: p, Key: _random.NextDouble()))
            .OrderBy(x => area.Municipalities.FindIndex(m => m.Code == x.Practice.MunicipalityCode))
            .ThenBy(x => townIndex(x.Practice)).ThenBy(x => x.Key)
            .Select(x => (x.Practice, Gps: CurrentGps(x.Practice))).ToList();
        var k = area.Clusters.Count;
        var total = (double)members.Sum(m => m.Practice.ListedPatients);
        List<List<Practice>>? groups = null;
        for (var attempt = 0; attempt < 500 && groups is null; attempt++)
        {
            var spread = attempt < 250 ? 0.3 : 0.1;
            var weights = Enumerable.Range(0, k).Select(_ => Math.Exp(Normal(0, spread))).ToList();
            var sum = weights.Sum();
            var bounds = new List<double>();
            var acc = 0.0;
            foreach (var w in weights) bounds.Add(acc += w / sum * total);
            var candidate = Enumerable.Range(0, k).Select(_ => new List<(Practice Practice, int Gps)>()).ToList();
            var cumulative = 0.0;
            var group = 0;
            foreach (var m in members)
            {
                var mid = cumulative + m.Practice.ListedPatients / 2.0;
                while (group < k - 1 && mid > bounds[group]) group++;
                candidate[group].Add(m);
                cumulative += m.Practice.ListedPatients;
            }
            if (candidate.All(g => g.Sum(x => x.Gps) is >= MinClusterGps and <= MaxClusterGps
                                   && g.Sum(x => x.Practice.ListedPatients) is >= MinClusterPatients and <= MaxClusterPatients))
                groups = candidate.Select(g => g.Select(x => x.Practice).ToList()).ToList();
        }
        if (groups is null)
            throw new InvalidOperationException($"The practices of {area.Main.Name} cannot be split into {k} clusters within the published bounds.");

        var names = ClusterNames(area, groups);
        for (var i = 0; i < k; i++)
        {
            var cluster = area.Clusters[i];
            cluster.Id = _clusters.Count + 1;
            cluster.Name = names[i];
            cluster.FoundedOn = RandomDay(new DateOnly(2018, 4, 1), new DateOnly(2019, 9, 30));
            cluster.DataSharing = _random.NextDouble() < 0.6 ? DataSharing.Open : DataSharing.Closed;
            cluster.MaxMissedMeetingsPerYear = Pick<int?>([(1, 80), (2, 10), (null, 10)]);
            cluster.Rules = _random.NextDouble() < 0.85 ? RulesTexts[_random.Next(RulesTexts.Length)] : "";
            _clusters.Add(cluster);
            foreach (var code in groups[i].Select(p => p.MunicipalityCode).Distinct().Where(c => c != area.Main.Code).Order())
                _clusterMunicipalities.Add(new ClusterMunicipality { ClusterId = cluster.Id, MunicipalityCode = code });
            _clusterMembers[cluster.Id] = groups[i];
        }
    }

    private readonly Dictionary<int, List<Practice>> _clusterMembers = [];

    private static List<string> ClusterNames(Area area, List<List<Practice>> groups)
    {
        if (groups.Count == 1)
        {
            var names = area.Municipalities.Select(m => m.Name).ToList();
            return [names.Count == 1 ? $"Klynge {names[0]}"
                : $"Klynge {string.Join(", ", names.Take(names.Count - 1))} og {names[^1]}"];
        }
        var districts = DemoNames.Districts.GetValueOrDefault(area.Main.Code)
                        ?? DirectionSuffixes.Select(s => $"Klynge {area.Main.Name} {s}").ToArray();
        return groups.Select((_, i) => i < districts.Length ? districts[i] : $"Klynge {area.Main.Name} {i + 1}").ToList();
    }

    /// <summary>Memberships from founding (or opening), with a little history: moves between neighbouring clusters, leavers and closures.</summary>
    private void WriteMemberships(List<Area> areas, List<Practice> closed)
    {
        foreach (var area in areas)
        {
            foreach (var cluster in area.Clusters)
            {
                foreach (var practice in _clusterMembers[cluster.Id])
                {
                    var from = Max(cluster.FoundedOn, practice.OpenedOn);
                    var other = area.Clusters.Where(c => c != cluster).ToList();
                    if (other.Count > 0 && practice.OpenedOn < cluster.FoundedOn && _random.NextDouble() < 0.012)
                    {
                        var before = other[_random.Next(other.Count)];
                        var movedFrom = Max(before.FoundedOn, practice.OpenedOn);
                        var movedOn = RandomDay(Max(movedFrom, cluster.FoundedOn).AddDays(180), _today.AddDays(-60));
                        AddMembership(practice, before, movedFrom, movedOn);
                        from = movedOn;
                    }
                    AddMembership(practice, cluster, from, null);
                }
            }
            foreach (var practice in area.Practices.Where(p => p.ClosedOn is null && _fates[p.Id] == Fate.Left))
            {
                var cluster = area.Clusters[_random.Next(area.Clusters.Count)];
                var from = Max(cluster.FoundedOn, practice.OpenedOn);
                if (from.AddDays(240) >= _today.AddDays(-30)) continue;
                AddMembership(practice, cluster, from, RandomDay(from.AddDays(180), _today.AddDays(-30)));
            }
        }
        foreach (var practice in closed)
        {
            var area = areas.First(a => a.Practices.Contains(practice));
            var cluster = area.Clusters[_random.Next(area.Clusters.Count)];
            AddMembership(practice, cluster, cluster.FoundedOn, practice.ClosedOn);
            _clusterMembers[cluster.Id].Add(practice);
        }
    }

    private void AddMembership(Practice practice, Cluster cluster, DateOnly from, DateOnly? to) =>
        _memberships.Add(new ClusterMembership
        {
            Id = _memberships.Count + 1, PracticeId = practice.Id, ClusterId = cluster.Id, ValidFrom = from, ValidTo = to,
        });

    /// <summary>
    /// One to three coordinators (about a third share the work) and, in most clusters, a board; all
    /// are GPs who have been at a member practice since the cluster was founded.
    /// </summary>
    private void ChooseRoles(Cluster cluster, bool sharedCoordination)
    {
        var memberSince = _memberships.Where(m => m.ClusterId == cluster.Id && m.ValidTo is null && m.ValidFrom == cluster.FoundedOn)
            .Select(m => m.PracticeId).ToHashSet();
        var candidates = _affiliations
            .Where(a => memberSince.Contains(a.PracticeId) && a.Role == PracticeRole.OwnerGp
                        && a.ValidFrom <= cluster.FoundedOn && a.ValidTo is null)
            .OrderBy(_ => _random.Next()).ToList();
        var used = new HashSet<int>();
        PracticeAffiliation? Next(bool preferOtherPractice)
        {
            var usedPractices = candidates.Where(a => used.Contains(a.PersonId)).Select(a => a.PracticeId).ToHashSet();
            var next = candidates.FirstOrDefault(a => !used.Contains(a.PersonId) && (!preferOtherPractice || !usedPractices.Contains(a.PracticeId)))
                       ?? candidates.FirstOrDefault(a => !used.Contains(a.PersonId));
            if (next is not null) used.Add(next.PersonId);
            return next;
        }

        var coordinators = sharedCoordination ? 2 : Pick([(1, 67), (2, 25), (3, 8)]);
        var handOver = _random.NextDouble() < 0.07;
        var handOverOn = RandomDay(cluster.FoundedOn.AddDays(365), _today.AddDays(-90));
        for (var i = 0; i < coordinators; i++)
        {
            if (Next(preferOtherPractice: true) is not { } coordinator) break;
            var from = cluster.FoundedOn;
            if (handOver && i == coordinators - 1 && Next(preferOtherPractice: false) is { } former)
            {
                AddRole(cluster, former.PersonId, ClusterRoleKind.Coordinator, cluster.FoundedOn, handOverOn);
                from = handOverOn;
            }
            AddRole(cluster, coordinator.PersonId, ClusterRoleKind.Coordinator, from, null);
        }
        if (_random.NextDouble() < 0.75)
        {
            if (Next(false) is { } chair) AddRole(cluster, chair.PersonId, ClusterRoleKind.Chair, cluster.FoundedOn, null);
            if (Next(false) is { } treasurer) AddRole(cluster, treasurer.PersonId, ClusterRoleKind.Treasurer, cluster.FoundedOn, null);
            for (var i = _random.Next(1, 4); i > 0; i--)
                if (Next(true) is { } member) AddRole(cluster, member.PersonId, ClusterRoleKind.BoardMember, cluster.FoundedOn, null);
        }
    }

    private void AddRole(Cluster cluster, int personId, ClusterRoleKind kind, DateOnly from, DateOnly? to) =>
        _roles.Add(new ClusterRole { Id = _roles.Count + 1, ClusterId = cluster.Id, PersonId = personId, Kind = kind, ValidFrom = from, ValidTo = to });

    /// <summary>Each practice's consent to data extraction when it joined its first cluster; a few later withdraw.</summary>
    private void WriteConsents()
    {
        var coordinatorOf = _roles.Where(r => r.Kind == ClusterRoleKind.Coordinator).GroupBy(r => r.ClusterId)
            .ToDictionary(g => g.Key, g => _people[g.First().PersonId - 1].FullName);
        foreach (var first in _memberships.GroupBy(m => m.PracticeId).Select(g => g.OrderBy(m => m.ValidFrom).First()))
        {
            var recordedBy = coordinatorOf.GetValueOrDefault(first.ClusterId, "KiAP");
            var on = Min(first.ValidFrom.AddDays(_random.Next(0, 60)), _today);
            var given = _random.NextDouble() < 0.97;
            AddConsent(first.PracticeId, given, on, recordedBy);
            var latest = first.ValidTo ?? _today;
            if (given && _random.NextDouble() < 0.02 && on.AddDays(200) < latest)
                AddConsent(first.PracticeId, false, RandomDay(on.AddDays(200), latest.AddDays(-1)), recordedBy);
        }
    }

    private void AddConsent(int practiceId, bool given, DateOnly on, string recordedBy) =>
        _consents.Add(new DataSharingConsent { Id = _consents.Count + 1, PracticeId = practiceId, Given = given, On = on, RecordedBy = recordedBy });

    /// <summary>One lægelaug per area; most practices belong, whether or not they are in a cluster.</summary>
    private void WriteGuild(Area area)
    {
        var guild = new Guild { Id = _guilds.Count + 1, Name = $"Lægelauget i {area.Main.Name}", MunicipalityCode = area.Main.Code };
        _guilds.Add(guild);
        foreach (var practice in area.Practices.Where(_ => _random.NextDouble() < 0.78))
        {
            var from = Max(practice.OpenedOn, RandomDay(new DateOnly(1995, 1, 1), new DateOnly(2016, 12, 31)));
            if (practice.ClosedOn is { } closedOn && from >= closedOn) continue;
            _guildMemberships.Add(new GuildMembership
            {
                Id = _guildMemberships.Count + 1, GuildId = guild.Id, PracticeId = practice.Id, ValidFrom = from, ValidTo = practice.ClosedOn,
            });
        }
    }

    // Random helpers

    private T Pick<T>((T Value, int Weight)[] options)
    {
        var roll = _random.Next(options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return options[^1].Value;
    }

    private int PickIndex(List<double> weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.Count - 1;
    }

    /// <summary>Box-Muller transform.</summary>
    private double Normal(double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private DateOnly RandomDay(DateOnly from, DateOnly to) =>
        to <= from ? from : from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
