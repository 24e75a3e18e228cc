using Klynge.Core.Access;
using Klynge.Core.Indicators;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>
/// Packages over the <see cref="TestRegistry"/>: cluster C (closed data) gets two more practices, Valby without
/// consent and Sydhavn with a count of 4 (suppressed), and a log-in for a GP at Amager and at Valby; cluster A
/// shares openly. Indicator results are written directly for one indicator of <see cref="Topic"/> over eight
/// quarters, so the figures every format must show are known here.
/// </summary>
public sealed class PackageTestData
{
    public const string Topic = "dependency-forming-medicine";
    public const string Indicator = "benzodiazepine-long-term-users";
    public const string GpAmager = "laege.amager@klynge.test";
    public const string GpValby = "laege.valby@klynge.test";

    public required TestRegistry Registry { get; init; }
    public required Practice Valby { get; init; }
    public required Practice Sydhavn { get; init; }
    public required Person EvaHolt { get; init; }
    public required Person FinnDal { get; init; }
    public required IReadOnlyList<Quarter> Quarters { get; init; }
    /// <summary>Sydhavn's value, 4 per 1,111: it must never appear, in any format.</summary>
    public static double SmallValue => 4 / 1111.0 * 1000;

    /// <summary>Practice names and provider numbers a member of closed cluster C (at Amager) must never see.</summary>
    public IEnumerable<string> SecretsForAmager =>
    [
        Registry.Vesterbro.Name, Registry.Vesterbro.ProviderNumber, Valby.Name, Valby.ProviderNumber, Sydhavn.Name, Sydhavn.ProviderNumber,
        Registry.LarsWinther.LastName, EvaHolt.LastName, FinnDal.LastName,
    ];

    public static async Task<PackageTestData> SeedAsync(WebTestHost host)
    {
        var r = host.Registry;
        var eva = new Person { FirstName = "Eva", LastName = "Holtegaard", Email = "eva.holtegaard@praksis.test" };
        var finn = new Person { FirstName = "Finn", LastName = "Dalsgaard", Email = "finn.dalsgaard@praksis.test" };
        var valby = Practice("300003", "Lægerne Valby Langgade");
        var sydhavn = Practice("300004", "Lægehuset Sydhavnen");
        var today = WebTestHost.Today;
        var cutOff = Quarter.Of(today).Previous;
        var quarters = Enumerable.Range(0, PackageBuilder.TrendQuarters).Select(i => Back(cutOff, PackageBuilder.TrendQuarters - 1 - i)).ToList();

        await using (var db = host.NewContext())
        {
            db.Practices.AddRange(valby, sydhavn);
            db.People.AddRange(eva, finn);
            db.PracticeAffiliations.AddRange(
                new PracticeAffiliation { Person = eva, Practice = valby, Role = PracticeRole.OwnerGp, ValidFrom = TestRegistry.Since, TakesPartInClusterWork = true },
                new PracticeAffiliation { Person = finn, Practice = sydhavn, Role = PracticeRole.OwnerGp, ValidFrom = TestRegistry.Since, TakesPartInClusterWork = true });
            var clusterC = await db.Clusters.SingleAsync(c => c.Id == r.ClusterC.Id);
            db.ClusterMemberships.AddRange(
                new ClusterMembership { Practice = valby, Cluster = clusterC, ValidFrom = TestRegistry.Since },
                new ClusterMembership { Practice = sydhavn, Cluster = clusterC, ValidFrom = TestRegistry.Since });
            await db.SaveChangesAsync();
            // Every practice has consented except Valby, which withdrew.
            foreach (var id in new[] { r.Norregade.Id, r.Trojborg.Id, r.RandersCenter.Id, r.Vesterbro.Id, r.Amager.Id, sydhavn.Id })
                db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = id, Given = true, On = TestRegistry.Since, RecordedBy = "test" });
            db.DataSharingConsents.Add(new DataSharingConsent { PracticeId = valby.Id, Given = false, On = TestRegistry.Since, RecordedBy = "test" });
            await db.SaveChangesAsync();

            var results = new List<IndicatorResult>();
            foreach (var q in quarters)
            {
                void Add(ResultLevel level, string unit, double numerator, double denominator, double? percentile = null) =>
                    results.Add(new IndicatorResult
                    {
                        IndicatorId = Indicator, Level = level, UnitId = unit, Quarter = q.ToKey(), Numerator = numerator, Denominator = denominator,
                        Value = numerator / denominator * 1000, StandardisedValue = numerator / denominator * 1000 * 1.01, Percentile = percentile,
                        SmallNumber = level != ResultLevel.Nation && numerator is > 0 and < 5,
                    });
                Add(ResultLevel.Practice, r.Norregade.ProviderNumber, 40, 3200, 30);
                Add(ResultLevel.Practice, r.Trojborg.ProviderNumber, 30, 2100, 45);
                Add(ResultLevel.Practice, r.RandersCenter.ProviderNumber, 50, 4000, 30);
                Add(ResultLevel.Practice, r.Vesterbro.ProviderNumber, 56, 2800, 60);
                Add(ResultLevel.Practice, r.Amager.ProviderNumber, 45, 1900, 70);
                Add(ResultLevel.Practice, valby.ProviderNumber, 60, 1500, 90);
                Add(ResultLevel.Practice, sydhavn.ProviderNumber, 4, 1111);
                Add(ResultLevel.Cluster, r.ClusterA.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 70, 5300);
                Add(ResultLevel.Cluster, r.ClusterB.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 50, 4000);
                Add(ResultLevel.Cluster, r.ClusterC.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), 165, 7311);
                Add(ResultLevel.Region, TestRegistry.Midtjylland.ToString(System.Globalization.CultureInfo.InvariantCulture), 120, 9300);
                Add(ResultLevel.Region, TestRegistry.Hovedstaden.ToString(System.Globalization.CultureInfo.InvariantCulture), 165, 7311);
                Add(ResultLevel.Nation, "DK", 285, 16611);
            }
            await IndicatorResultStore.ReplaceAllAsync(db, results);
        }

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
        foreach (var (email, person) in new[] { (GpAmager, r.MetteJuhl), (GpValby, eva) })
        {
            var user = new KlyngeUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, PersonId = person.Id };
            Check(await users.CreateAsync(user, TestRegistry.Password));
            Check(await users.AddToRoleAsync(user, Roles.Gp));
        }
        return new PackageTestData { Registry = r, Valby = valby, Sydhavn = sydhavn, EvaHolt = eva, FinnDal = finn, Quarters = quarters };
    }

    /// <summary>Orders a package for the cluster as its coordinator would, published from <paramref name="publishOn"/> (null: a draft).</summary>
    public static async Task<int> PackageAsync(WebTestHost host, int clusterId, DateOnly? publishOn, Quarter? cutOff = null)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PackageService>();
        var package = await service.OrderAsync(clusterId, Topic, cutOff, null, null, "test", DateTimeOffset.UtcNow);
        if (publishOn is { } on)
        {
            await using var db = host.NewContext();
            await db.Packages.Where(p => p.Id == package.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.PublishOn, on));
        }
        return package.Id;
    }

    /// <summary>The letter a practice got in a package, read from the stored snapshot.</summary>
    public static async Task<string> LetterAsync(WebTestHost host, int packageId, int practiceId)
    {
        await using var db = host.NewContext();
        var json = await db.Packages.Where(p => p.Id == packageId).Select(p => p.Snapshot).SingleAsync();
        return PackageSnapshot.FromJson(json).Practices.Single(p => p.Id == practiceId).Letter;
    }

    private static Practice Practice(string providerNumber, string name) => new()
    {
        ProviderNumber = providerNumber, Name = name, MunicipalityCode = TestRegistry.Copenhagen, OpenedOn = new(2005, 1, 1),
        ListedPatients = 1500, Address = "Testvej 2", PostalCode = "2500", City = "Valby",
    };

    private static Quarter Back(Quarter q, int by)
    {
        for (var i = 0; i < by; i++) q = q.Previous;
        return q;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
