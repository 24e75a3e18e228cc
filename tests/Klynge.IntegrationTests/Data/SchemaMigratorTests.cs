using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.IntegrationTests.Data;

public class SchemaMigratorTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_database_gets_every_script_once_and_the_reference_data(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = test.NewContext();

        var first = await Database.MigrateAsync(db);
        var second = await Database.MigrateAsync(db);

        Assert.Equal(SchemaMigrator.Scripts(provider).Select(s => s.Name), first);
        Assert.Empty(second);
        Assert.Equal(5, await db.Regions.CountAsync());
        Assert.Equal(98, await db.Municipalities.CountAsync());
        Assert.Equal("Region Hovedstaden", (await db.Municipalities.Include(m => m.Region).SingleAsync(m => m.Code == 101)).Region!.Name);
    }

    [Fact]
    public async Task A_SQLite_file_is_put_in_write_ahead_log_mode()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        await using (var db = test.NewContext()) await Database.MigrateAsync(db);

        await using var check = test.NewContext();
        await check.Database.OpenConnectionAsync();
        await using var command = check.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}

/// <summary>Scripts that reshape tables holding data, tried on data written by the scripts before them.</summary>
public class SchemaUpgradeTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_meeting_cycle_script_keeps_existing_meetings_and_what_points_at_them(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var before = test.NewContext())
        {
            await SchemaMigrator.MigrateAsync(before, 8);
            await before.Database.ExecuteSqlRawAsync("INSERT INTO regions (code, name) VALUES (1084, 'Region Hovedstaden')");
            await before.Database.ExecuteSqlRawAsync("INSERT INTO municipalities (code, name, region_code, population) VALUES (101, 'København', 1084, 1)");
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO clusters (id, name, region_code, main_municipality_code, founded_on, data_sharing, rules) VALUES (5, 'Klynge', 1084, 101, '2020-01-01', 'Closed', '')");
            await before.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite
                ? "INSERT INTO meetings (id, cluster_id, starts_at, topic_id, title) VALUES (3, 5, '2024-05-02 14:30:00', 'antibiotics', 'Antibiotika')"
                : "INSERT INTO meetings (id, cluster_id, starts_at, topic_id, title) VALUES (3, 5, '2024-05-02 14:30:00+00', 'antibiotics', 'Antibiotika')");
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO planted_effects (meeting_id, cluster_id, topic_id, indicator_id, relative_change, from_quarter) VALUES (3, 5, 'antibiotics', 'penicillin-v-share', 0.1, 20243)");
        }

        await using var db = test.NewContext();
        var applied = await SchemaMigrator.MigrateAsync(db);

        Assert.Contains("0009_meeting_cycle", applied);
        var meeting = await db.Meetings.AsNoTracking().SingleAsync();
        Assert.Equal((3, 5, "antibiotics", "Antibiotika"), (meeting.Id, meeting.ClusterId, meeting.TopicId, meeting.Title));
        Assert.Equal(new DateTime(2024, 5, 2, 14, 30, 0), meeting.StartsAt.ToUniversalTime());
        Assert.Equal(meeting.StartsAt.AddMinutes(150), meeting.EndsAt);
        Assert.Equal(Klynge.Core.Meetings.MeetingStatus.Held, meeting.Status);
        Assert.Equal(Klynge.Core.Meetings.MeetingFormat.None, meeting.Formats);
        Assert.Equal(3, (await db.PlantedEffects.AsNoTracking().SingleAsync()).MeetingId);
    }
}
