using System.Net;
using Klynge.Core.Data;

namespace Klynge.IntegrationTests.Web;

/// <summary>Agenda and minutes are Markdown shown as HTML; what a user typed can never become markup or a script.</summary>
public partial class MeetingPagesTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Agenda_and_minutes_are_rendered_from_Markdown_with_raw_HTML_and_script_links_escaped(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        int id;
        string guestToken;
        await using (var db = host.NewContext())
        {
            var planner = Planner(host, db);
            var meeting = await planner.PlanAsync(Plan(r.ClusterA.Id, "Markdown", InTwoWeeks) with
            {
                Agenda = "# Dagsorden\n\n1. **Data** fra pakken\n2. Aftaler\n\n<script>alert('agenda')</script>\n\n<img src=x onerror=alert(1)>",
            }, "test", Now);
            await planner.RecordMinutesAsync(meeting.Id, "## Beslutninger\n\n- Vi *prøver* nyt\n- [Klik](javascript:alert('minutes'))\n\n<script>alert('minutes')</script>", "test");
            id = meeting.Id;
            guestToken = (await planner.InviteAsync(meeting.Id, false, [new Klynge.Core.Meetings.MeetingGuest("Eva Lind", "eva.lind@aarhus.dk", "Aarhus Kommune")], "test", Now))
                .Single(i => i.Kind == Klynge.Core.Meetings.InviteeKind.Guest).Token;
        }

        // Members see both rendered; the coordinator sees the agenda rendered and the minutes in the form.
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var response = await gp.GetAsync($"/Meetings/{id}");
        WebAssert.Status(HttpStatusCode.OK, response, "member on the meeting");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h3>Dagsorden</h3>", html);
        Assert.Contains("<li><strong>Data</strong> fra pakken</li>", html);
        Assert.Contains("<h4>Beslutninger</h4>", html);
        Assert.Contains("<em>prøver</em>", html);
        Assert.Contains("&lt;script&gt;alert('agenda')&lt;/script&gt;", html);
        Assert.Contains("&lt;script&gt;alert('minutes')&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("javascript:", html);

        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var own = await coordinator.GetAsync($"/Meetings/{id}");
        var ownHtml = await own.Content.ReadAsStringAsync();
        Assert.Contains("<h3>Dagsorden</h3>", ownHtml);
        Assert.DoesNotContain("<script>alert", ownHtml);

        // A guest's answer page shows the agenda the same way.
        var guestHtml = await (await host.Anonymous().GetAsync($"/Rsvp/{guestToken}")).Content.ReadAsStringAsync();
        Assert.Contains("<li><strong>Data</strong> fra pakken</li>", guestHtml);
        Assert.Contains("&lt;script&gt;alert('agenda')&lt;/script&gt;", guestHtml);
        Assert.DoesNotContain("<script>alert", guestHtml);
    }
}
