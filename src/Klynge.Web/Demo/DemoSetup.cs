using Klynge.Core.Access;
using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Core.Demo;
using Klynge.Core.Indicators;
using Klynge.Core.Meetings;
using Klynge.Core.Packages;
using Klynge.Core.Prescribing;
using Klynge.Core.Topics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Demo;

/// <summary>The demo country and one log-in per role, loaded when the platform starts on an empty database.</summary>
public static class DemoSetup
{
    public const int DefaultSeed = DemoCountryGenerator.DefaultSeed;
    public const string Password = "Klynge-demo-2026";

    public record DemoLogin(string Email, string DisplayName, string[] Roles, string Description);

    /// <summary>The demo log-ins, as listed in the README.</summary>
    public static IReadOnlyList<DemoLogin> Logins { get; } =
    [
        new("laege@klynge-demo.dk", "Demo-læge", [Roles.Gp], "GP in a member practice"),
        new("personale@klynge-demo.dk", "Demo-personale", [Roles.Staff], "nurse in the same practice"),
        new("koordinator@klynge-demo.dk", "Demo-koordinator", [Roles.Coordinator, Roles.Gp], "coordinator of that cluster"),
        new("analytiker@klynge-demo.dk", "Demo-analytiker (national)", [Roles.Analyst], "national quality-unit analyst"),
        new("analytiker.midt@klynge-demo.dk", "Demo-analytiker (Midtjylland)", [Roles.Analyst], "analyst, Region Midtjylland"),
        new("kommune@klynge-demo.dk", "Demo-kommune", [Roles.Partner], "municipal partner"),
        new("admin@klynge-demo.dk", "Demo-administrator", [Roles.Admin], "administrator"),
    ];

    public static async Task LoadIfEmptyAsync(IServiceProvider services, int seed, double prescribingScale, ILogger log, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<KlyngeDbContext>();
        if (await db.Practices.AnyAsync(ct)) return;
        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var country = DemoCountryGenerator.Generate(seed, today);
        await DemoCountryWriter.WriteAsync(db, country, replace: false, ct);
        await CreateLoginsAsync(services, DemoPersonas.Find(country), ct);
        await CreateYearlyDutiesAsync(services, today, ct);
        var summary = DemoCountrySummary.From(country);
        log.LogInformation("Loaded the demo country (seed {Seed}) in {Ms} ms: {Clusters} clusters, {Practices} practices, {Gps} GPs, {Patients:N0} patients.",
            seed, started.ElapsedMilliseconds, summary.Clusters, summary.OpenPractices, summary.Gps, summary.ListedPatients);
        if (prescribingScale > 0)
        {
            started.Restart();
            var prescribing = DemoPrescribingGenerator.Generate(country, seed, DemoSetupDefaults.LastCompleteQuarter(today), scale: prescribingScale);
            var written = await DemoPrescribingWriter.WriteAsync(db, prescribing, ct);
            var computed = await IndicatorRun.RunAsync(db, IndicatorCatalogue.LoadDefault(), null, ct);
            log.LogInformation("Loaded demo prescribing {First} to {Last} ({Dispensings:N0} dispensings) and computed {Results:N0} indicator results in {Ms} ms.",
                prescribing.Quarters[0], prescribing.Quarters[^1], written.Dispensings, computed.Results, started.ElapsedMilliseconds);
            started.Restart();
            var packages = await PublishDemoPackagesAsync(services, today, ct);
            log.LogInformation("Made and published {Packages} demo cluster packages for '{Topic}' in {Ms} ms.", packages, DemoPackageTopic, started.ElapsedMilliseconds);
            started.Restart();
            var used = await PublishMeetingPackagesAsync(services, prescribing.Quarters[0], today, ct);
            log.LogInformation("Gave {Meetings} recent demo meetings the package they used in {Ms} ms.", used, started.ElapsedMilliseconds);
        }
        Console.WriteLine();
        Console.WriteLine($"Demo log-ins (password for all: {Password}):");
        foreach (var login in Logins) Console.WriteLine($"  {login.Email,-32} {login.Description}");
        Console.WriteLine();
    }

    /// <summary>
    /// This year's yearly duties for every cluster, as the desk would create them. Those due before today are done,
    /// by the person they were given to, except in every seventh cluster, which has one left over for the desk to
    /// show as overdue.
    /// </summary>
    public static async Task CreateYearlyDutiesAsync(IServiceProvider services, DateOnly today, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<KlyngeDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var coordination = new ClusterCoordination(db);
        foreach (var clusterId in await db.Clusters.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct))
        {
            var duties = await coordination.EnsureYearlyTasksAsync(clusterId, today.Year, "demo", today, now, ct);
            var due = duties.Where(d => d.DueOn < today).OrderBy(d => d.DueOn).ToList();
            foreach (var duty in clusterId % 7 == 0 ? due.SkipLast(1) : due)
                await coordination.CompleteAsync(clusterId, duty.Id, "demo", now, ct);
        }
    }

    /// <summary>
    /// Each cluster's latest meeting of the last half year on a topic that has packages gets the package it would
    /// have used, so the programme view shows meetings with data. Older meetings are left without: at about 0.7 MB
    /// a snapshot, every meeting of two years would make the demo database far larger and its first start slower.
    /// </summary>
    public static async Task<int> PublishMeetingPackagesAsync(IServiceProvider services, Quarter firstQuarter, DateOnly today, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<KlyngeDbContext>();
        var library = services.GetRequiredService<TopicLibrary>();
        var since = DanishTime.ToUtc(today.AddMonths(-6), TimeOnly.MinValue);
        var held = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Held && m.StartsAt >= since && m.TopicId != "")
            .Select(m => new { m.Id, m.ClusterId, m.TopicId, m.StartsAt })
            .ToListAsync(ct);
        var latest = held
            .Where(m => library.Find(m.TopicId) is not null)
            .Select(m => new PackageService.PastMeeting(m.Id, m.ClusterId, m.TopicId, DateOnly.FromDateTime(DanishTime.ToLocal(m.StartsAt))))
            .Where(m => Quarter.Of(m.Day).Previous >= firstQuarter)
            .GroupBy(m => m.ClusterId)
            .Select(g => g.MaxBy(m => m.Day)!)
            .ToList();
        return await new PackageService(db, library).PublishForPastMeetingsAsync(latest, "demo", services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
    }

    /// <summary>The topic of the package every demo cluster gets, so there is something to open at once.</summary>
    public const string DemoPackageTopic = "dependency-forming-medicine";

    /// <summary>
    /// One package per cluster for <see cref="DemoPackageTopic"/> at the latest quarter, published today without
    /// e-mail: the demo's people have made-up addresses, and nobody should be told about a demo.
    /// </summary>
    public static async Task<int> PublishDemoPackagesAsync(IServiceProvider services, DateOnly today, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<KlyngeDbContext>();
        var library = services.GetRequiredService<TopicLibrary>();
        if (library.Find(DemoPackageTopic) is null) return 0;
        var made = await new PackageService(db, library).GenerateAllAsync(DemoPackageTopic, null, "demo", services.GetRequiredService<TimeProvider>().GetUtcNow(), ct: ct);
        var ids = made.Select(p => p.Id).ToList();
        await db.Packages.Where(p => ids.Contains(p.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.PublishOn, today).SetProperty(p => p.PublishedBy, "demo"), ct);
        return made.Count;
    }

    public static async Task CreateLoginsAsync(IServiceProvider services, DemoPersonas personas, CancellationToken ct = default)
    {
        var users = services.GetRequiredService<UserManager<KlyngeUser>>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        foreach (var login in Logins)
        {
            if (await users.FindByEmailAsync(login.Email) is not null) continue;
            var user = new KlyngeUser
            {
                UserName = login.Email,
                Email = login.Email,
                EmailConfirmed = true,
                DisplayName = login.DisplayName,
                PersonId = login.Email switch
                {
                    "laege@klynge-demo.dk" => personas.GpPersonId,
                    "personale@klynge-demo.dk" => personas.StaffPersonId,
                    "koordinator@klynge-demo.dk" => personas.CoordinatorPersonId,
                    _ => null,
                },
                RegionCode = login.Email == "analytiker.midt@klynge-demo.dk" ? personas.AnalystRegionCode : null,
                MunicipalityCode = login.Email == "kommune@klynge-demo.dk" ? personas.PartnerMunicipalityCode : null,
            };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRolesAsync(user, login.Roles));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the demo log-ins: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
