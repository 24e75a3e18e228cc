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
}
