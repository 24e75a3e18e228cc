using System.Data.Common;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Klynge.IntegrationTests.Meetings;

/// <summary>The programme figures per meeting and summed, checked against figures worked out from <see cref="ProgrammeSample"/>.</summary>
public class MeetingProgrammeTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_meeting_row_holds_the_figures_of_its_invitations_actions_evaluations_and_package(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        List<SampleMeeting> sample;
        await using (var db = test.NewContext())
            sample = await ProgrammeSample.WriteAsync(db, await TestRegistry.WriteAsync(db));

        await using var read = test.NewContext();
        var rows = await MeetingProgramme.RowsAsync(read, new ProgrammeFilter());

        Assert.Equal(sample.OrderBy(s => s.ClusterId).ThenBy(s => s.StartsAtUtc).Select(s => s.Id), rows.Select(r => r.MeetingId));
        foreach (var s in sample)
        {
            var row = rows.Single(r => r.MeetingId == s.Id);
            Assert.Equal((s.ClusterId, s.RegionCode, s.TopicId, s.Formats, s.Status), (row.ClusterId, row.RegionCode, row.TopicId, row.Formats, row.Status));
            Assert.Equal(s.StartsAtUtc, row.StartsAtUtc);
            Assert.Equal(DateTimeKind.Utc, row.StartsAtUtc.Kind);
            Assert.Equal(s.Package == true, row.PackageUsed);
            Assert.Equal((s.Invited, s.Attended), (row.Invited, row.Attended));
            Assert.Equal((s.Actions.Length, s.Actions.Count(a => a == ActionStatus.Done)), (row.ActionsAgreed, row.ActionsDone));
            Assert.Equal(s.Scores.Length, row.Evaluations.Count);
            Assert.Equal(ProgrammeSample.EvaluationMean([s]), row.EvaluationMean);
        }
        // Written out by hand: (5+4+4+3+3+3+4+2)/8 and (2+3+2+3+5+5+5+5+4+3+4+4)/12.
        Assert.Equal(3.5, rows.Single(r => r.MeetingId == sample[0].Id).EvaluationMean);
        Assert.Equal(3.75, rows.Single(r => r.MeetingId == sample[3].Id).EvaluationMean);
        Assert.Null(rows.Single(r => r.MeetingId == sample[2].Id).EvaluationMean);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Years_and_regions_are_cut_in_Danish_time_and_summaries_pool_the_held_meetings(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        List<SampleMeeting> sample;
        await using (var db = test.NewContext())
            sample = await ProgrammeSample.WriteAsync(db, await TestRegistry.WriteAsync(db));
        await using var read = test.NewContext();

        async Task<int[]> Ids(ProgrammeFilter filter) => (await MeetingProgramme.RowsAsync(read, filter)).Select(r => r.MeetingId).Order().ToArray();
        int[] Expected(Func<SampleMeeting, bool> keep) => sample.Where(keep).Select(s => s.Id).Order().ToArray();

        // The New Year's meeting of C is 2025-12-31 23:30 UTC but belongs to 2026.
        Assert.Equal(Expected(s => s.Day.Year == 2025), await Ids(ProgrammeFilter.Year(2025)));
        Assert.Equal(Expected(s => s.Day.Year == 2026), await Ids(ProgrammeFilter.Year(2026)));
        Assert.Equal(Expected(s => s.RegionCode == TestRegistry.Midtjylland), await Ids(new ProgrammeFilter(TestRegistry.Midtjylland)));
        Assert.Equal(Expected(s => s.RegionCode == TestRegistry.Hovedstaden && s.Day.Year == 2026), await Ids(ProgrammeFilter.Year(2026, TestRegistry.Hovedstaden)));
        // Both ends of a day range are included.
        Assert.Equal(Expected(s => s.Day >= new DateOnly(2025, 5, 20) && s.Day <= new DateOnly(2026, 1, 1)),
            await Ids(new ProgrammeFilter(null, new DateOnly(2025, 5, 20), new DateOnly(2026, 1, 1))));

        var midt2025 = sample.Where(s => s.RegionCode == TestRegistry.Midtjylland && s.Day.Year == 2025).ToList();
        var summary = ProgrammeSummary.Of(await MeetingProgramme.RowsAsync(read, ProgrammeFilter.Year(2025, TestRegistry.Midtjylland)));
        Assert.Equal(midt2025.Count(s => s.Status == MeetingStatus.Held), summary.Held);
        Assert.Equal(midt2025.Sum(s => s.Invited), summary.Invited);
        Assert.Equal(midt2025.Sum(s => s.Attended), summary.Attended);
        Assert.Equal(midt2025.Sum(s => s.Attended) / (double)midt2025.Sum(s => s.Invited), summary.AttendanceRate);
        Assert.Equal(ProgrammeSample.EvaluationMean(midt2025), summary.Evaluations.Mean);
        Assert.Equal(midt2025.SelectMany(s => s.Scores).Average(x => x.P), summary.Evaluations.ProductiveMean);
        Assert.Equal(midt2025.SelectMany(s => s.Scores).Average(x => x.A), summary.Evaluations.AgreementEasyMean);
        Assert.Equal(midt2025.Count(s => s.Package == true), summary.WithPackage);
        Assert.Equal(2, summary.Topics["antibiotics"]);
        Assert.Equal(1, summary.Topics[""]);
        Assert.Equal(2, summary.FormatUse[MeetingFormat.Plenary]);
        Assert.Equal(1, summary.MixedFormats);

        // Planned and cancelled meetings are counted apart and add nothing to the rates.
        var all = ProgrammeSummary.Of(await MeetingProgramme.RowsAsync(read, new ProgrammeFilter()));
        Assert.Equal((4, 1, 1), (all.Held, all.Planned, all.Cancelled));
        Assert.Equal(sample.Where(s => s.Status == MeetingStatus.Held).Sum(s => s.Invited), all.Invited);
        Assert.Equal(ProgrammeSample.EvaluationMean(sample), all.Evaluations.Mean);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_rows_take_the_same_few_queries_for_any_number_of_meetings(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using (var db = test.NewContext())
            await ProgrammeSample.WriteAsync(db, await TestRegistry.WriteAsync(db));

        var counter = new CommandCounter();
        var options = new DbContextOptionsBuilder<KlyngeDbContext>();
        DatabaseOptions.Apply(options, provider, test.ConnectionString);
        await using var read = new KlyngeDbContext(options.AddInterceptors(counter).Options);

        var rows = await MeetingProgramme.RowsAsync(read, new ProgrammeFilter());

        Assert.Equal(6, rows.Count);
        // Meetings, invitations, actions, evaluations, packages: one query each, not one per meeting.
        Assert.Equal(5, counter.Commands);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Commands { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
