using System.Net;
using System.Text.RegularExpressions;
using Ical.Net;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>The meeting pages over HTTP: the coordinator's cycle, the token pages, the files and feed, and who is refused.</summary>
public partial class MeetingPagesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static DateOnly InTwoWeeks => WebTestHost.Today.AddDays(14);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Coordinator_runs_the_whole_cycle_through_the_pages(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);

        var form = await coordinator.GetAsync($"/Clusters/{r.ClusterA.Id}/Meetings/New");
        var formText = await WebAssert.TextAsync(form);
        WebAssert.Status(HttpStatusCode.OK, form, "the plan form");
        Assert.Contains("value=\"16:30\"", formText);
        Assert.Contains("value=\"19:00\"", formText);
        Assert.Contains("# Dagsorden", formText);

        var planned = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New",
        [
            new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "16:30"), new("Input.Ends", "19:00"),
            new("Input.Venue", "Lægehuset Trøjborg, 1. sal"), new("Input.Formats", "Plenary"), new("Input.Formats", "GroupWork"),
            new("Input.TopicId", ""), new("Input.Title", "Antibiotika til børn"), new("Input.ProblemStatement", "Færre recepter ved øjenbetændelse; vi ser det i næste pakke."),
            new("Input.ContentResponsibleId", r.AnneHolm.Id.ToString()), new("Input.Facilitator", "Karen Dahl"), new("Input.Agenda", "1. Velkomst\n2. Data"),
        ]);
        WebAssert.RedirectsTo("/Meetings/", planned, "planning a meeting");
        var id = int.Parse(planned.Headers.Location!.OriginalString["/Meetings/".Length..]);
        await using (var db = host.NewContext())
        {
            var m = await db.Meetings.SingleAsync();
            Assert.Equal(id, m.Id);
            Assert.Equal(r.ClusterA.Id, m.ClusterId);
            Assert.Equal(DanishTime.ToUtc(InTwoWeeks, new TimeOnly(16, 30)), m.StartsAt);
            Assert.Equal(DanishTime.ToUtc(InTwoWeeks, new TimeOnly(19, 0)), m.EndsAt);
            Assert.Equal(MeetingFormat.Plenary | MeetingFormat.GroupWork, m.Formats);
            Assert.Equal(r.AnneHolm.Id, m.ContentResponsibleId);
            Assert.Equal("Antibiotika til børn", m.Title);
        }

        var invite = await PostAsync(coordinator, $"/Meetings/{id}?handler=Invite",
            [new("includeStaff", "true"), new("guests", "Eva Lind; eva.lind@aarhus.dk; Aarhus Kommune\n")]);
        WebAssert.RedirectsTo($"/Meetings/{id}", invite, "inviting");
        // Worked out from the registry: everyone at A's current practices who is a GP or takes part, plus the guest.
        var today = WebTestHost.Today;
        var atA = r.CurrentMembers(r.ClusterA, today).Select(p => p.Id).ToHashSet();
        var expected = r.Affiliations.Where(a => atA.Contains(a.PracticeId) && a.IsValidOn(today) && (a.Role.IsGp() || a.TakesPartInClusterWork))
            .Select(a => a.Person!.Email!).Append("eva.lind@aarhus.dk").Order().ToList();
        List<MeetingInvitation> invitations;
        await using (var db = host.NewContext())
        {
            invitations = await db.MeetingInvitations.Where(i => i.MeetingId == id).ToListAsync();
            Assert.Equal(expected, invitations.Select(i => i.Email).Order().ToList());
            Assert.Equal(invitations.Count, await db.OutboxMessages.CountAsync(o => o.Kind == MeetingPlanner.InvitationMailKind));
        }
        var eva = invitations.Single(i => i.Kind == InviteeKind.Guest);
        var anne = invitations.Single(i => i.PersonId == r.AnneHolm.Id);

        // The guest answers through the link: GET only shows, POST records.
        var guest = host.Anonymous();
        var shown = await guest.GetAsync($"/Rsvp/{eva.Token}?svar=ja");
        WebAssert.Status(HttpStatusCode.OK, shown, "the answer page");
        Assert.Contains("Antibiotika til børn", await WebAssert.TextAsync(shown));
        await using (var db = host.NewContext()) Assert.Equal(RsvpResponse.None, (await db.MeetingInvitations.SingleAsync(i => i.Id == eva.Id)).Response);
        var answered = await PostAsync(guest, $"/Rsvp/{eva.Token}", [new("answer", "ja")]);
        WebAssert.Status(HttpStatusCode.OK, answered, "answering");
        await using (var db = host.NewContext())
        {
            var after = await db.MeetingInvitations.SingleAsync(i => i.Id == eva.Id);
            Assert.Equal(RsvpResponse.Yes, after.Response);
            Assert.NotNull(after.RespondedAtUtc);
        }

        var checkIn = await PostAsync(coordinator, $"/Meetings/{id}?handler=CheckIn", [new("present", anne.Id.ToString()), new("present", eva.Id.ToString())]);
        WebAssert.RedirectsTo($"/Meetings/{id}", checkIn, "checking in");
        await using (var db = host.NewContext())
        {
            Assert.Equal(new[] { anne.Id, eva.Id }.Order(), (await db.MeetingInvitations.Where(i => i.MeetingId == id && i.AttendedAtUtc != null).Select(i => i.Id).ToListAsync()).Order());
            Assert.Equal(MeetingStatus.Held, (await db.Meetings.SingleAsync()).Status);
        }

        WebAssert.RedirectsTo($"/Meetings/{id}", await PostAsync(coordinator, $"/Meetings/{id}?handler=Minutes", [new("minutes", "Vi aftalte at prøve afventende behandling.")]), "minutes");
        var due = InTwoWeeks.AddDays(30);
        WebAssert.RedirectsTo($"/Meetings/{id}", await PostAsync(coordinator, $"/Meetings/{id}?handler=AddAction",
            [new("text", "Hæng plakat op i venteværelset"), new("practiceId", r.Norregade.Id.ToString()), new("owner", "Anne Holm"), new("dueOn", due.ToString("yyyy-MM-dd"))]), "adding an action");
        WebAssert.RedirectsTo($"/Meetings/{id}", await PostAsync(coordinator, $"/Meetings/{id}?handler=SendEvaluations", []), "sending evaluations");
        await using (var db = host.NewContext())
        {
            Assert.Equal("Vi aftalte at prøve afventende behandling.", (await db.Meetings.SingleAsync()).Minutes);
            var action = await db.AgreedActions.SingleAsync();
            Assert.Equal((r.Norregade.Id, "Anne Holm", due, ActionStatus.Open), (action.PracticeId!.Value, action.Owner, action.DueOn!.Value, action.Status));
            Assert.Equal(2, await db.MeetingInvitations.CountAsync(i => i.MeetingId == id && i.EvaluationSentAtUtc != null));
            Assert.Equal(2, await db.OutboxMessages.CountAsync(o => o.Kind == MeetingPlanner.EvaluationMailKind));
        }

        WebAssert.Status(HttpStatusCode.OK, await guest.GetAsync($"/Evaluate/{eva.Token}"), "the evaluation form");
        var evaluated = await PostAsync(guest, $"/Evaluate/{eva.Token}",
            [new("productive", "4"), new("dataUseful", "5"), new("commitment", "3"), new("agreementEasy", "4"), new("comment", "Gode data")]);
        Assert.Contains("data-evaluated=\"true\"", await WebAssert.TextAsync(evaluated));
        await PostAsync(host.Anonymous(), $"/Evaluate/{anne.Token}", [new("productive", "2"), new("dataUseful", "3"), new("commitment", "4"), new("agreementEasy", "5"), new("comment", "")]);
        await using (var db = host.NewContext())
        {
            var stored = await db.MeetingEvaluations.SingleAsync(e => e.InvitationId == eva.Id);
            Assert.Equal((4, 5, 3, 4, "Gode data"), (stored.Productive, stored.DataUseful, stored.Commitment, stored.AgreementEasy, stored.Comment));
            Assert.Equal(2, await db.MeetingEvaluations.CountAsync());
        }

        var page = await WebAssert.TextAsync(await coordinator.GetAsync($"/Meetings/{id}"));
        var da = System.Globalization.CultureInfo.GetCultureInfo("da-DK");
        Assert.Contains($"data-figure=\"productive\">{((4 + 2) / 2.0).ToString("0.0", da)}<", page);
        Assert.Contains($"data-figure=\"data-useful\">{((5 + 3) / 2.0).ToString("0.0", da)}<", page);
        Assert.Contains($"data-figure=\"agreement\">{((4 + 5) / 2.0).ToString("0.0", da)}<", page);
        Assert.Contains("<li>Gode data</li>", page);

        // The practice sees its own action on its page.
        var gp = await host.LoginAsync(TestRegistry.GpA);
        Assert.Contains("Hæng plakat op i venteværelset", await WebAssert.TextAsync(await gp.GetAsync($"/Practices/{r.Norregade.Id}")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Answer_links_show_only_their_own_meeting_and_GET_never_answers(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var (meetingA, meetingC, guestToken) = await SeedTwoMeetingsAsync(host);

        var guest = host.Anonymous();
        foreach (var svar in new[] { "ja", "nej", "maaske" })
        {
            var response = await guest.GetAsync($"/Rsvp/{guestToken}?svar={svar}");
            WebAssert.Status(HttpStatusCode.OK, response, $"GET with svar={svar}");
            var text = await WebAssert.TextAsync(response);
            Assert.Contains("Lungerne i fokus", text);
            Assert.DoesNotContain("Hovedstadens møde", text);
        }
        await using (var db = host.NewContext())
        {
            var invitation = await db.MeetingInvitations.SingleAsync(i => i.Token == guestToken);
            Assert.Equal(RsvpResponse.None, invitation.Response);
            Assert.Null(invitation.RespondedAtUtc);
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "meeting.rsvp"));
        }

        // The answer form is protected against cross-site posts: without its antiforgery token nothing is recorded.
        var forged = await host.Anonymous().PostAsync($"/Rsvp/{guestToken}", new FormUrlEncodedContent([new("answer", "nej")]));
        WebAssert.Status(HttpStatusCode.BadRequest, forged, "an answer without the antiforgery token");
        await using (var db = host.NewContext()) Assert.Equal(RsvpResponse.None, (await db.MeetingInvitations.SingleAsync(i => i.Token == guestToken)).Response);

        var garbage = await guest.GetAsync("/Rsvp/0123456789abcdef");
        WebAssert.Status(HttpStatusCode.NotFound, garbage, "an unknown token");
        Assert.Contains("Linket er ikke gyldigt", await WebAssert.TextAsync(garbage));
        WebAssert.Status(HttpStatusCode.NotFound, await guest.GetAsync("/Evaluate/0123456789abcdef"), "an unknown evaluation token");

        // The guest has no log-in: the meeting pages themselves send them to the log-in page.
        foreach (var url in new[] { $"/Meetings/{meetingA}", $"/Meetings/{meetingC}", $"/Clusters/{r.ClusterA.Id}/Meetings", $"/Meetings/{meetingA}.ics", $"/Meetings/{meetingA}/Attendance.csv" })
        {
            var response = await guest.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/Login", response.Headers.Location!.AbsolutePath);
        }

        // A guest who did not attend may not evaluate.
        var refused = await PostAsync(guest, $"/Evaluate/{guestToken}", [new("productive", "5"), new("dataUseful", "5"), new("commitment", "5"), new("agreementEasy", "5")]);
        Assert.Contains("Kun deltagere kan evaluere mødet.", await WebAssert.TextAsync(refused));
        await using (var db = host.NewContext()) Assert.Equal(0, await db.MeetingEvaluations.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Members_of_other_clusters_and_partners_are_refused_and_members_only_view(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var (meetingA, _, _) = await SeedTwoMeetingsAsync(host);
        int anneInvitation, trojborgAction;
        await using (var db = host.NewContext())
        {
            anneInvitation = (await db.MeetingInvitations.SingleAsync(i => i.MeetingId == meetingA && i.PersonId == r.AnneHolm.Id)).Id;
            trojborgAction = (await db.AgreedActions.SingleAsync(a => a.PracticeId == r.Trojborg.Id)).Id;
        }
        var before = await SnapshotAsync(host);

        string[] manageGets = [$"/Clusters/{r.ClusterA.Id}/Meetings/New", $"/Meetings/{meetingA}/Edit", $"/Meetings/{meetingA}/Attendance", $"/Meetings/{meetingA}/Attendance.csv"];
        string[] viewGets = [$"/Clusters/{r.ClusterA.Id}/Meetings", $"/Meetings/{meetingA}", $"/Meetings/{meetingA}.ics"];
        (string Url, KeyValuePair<string, string>[] Fields)[] posts =
        [
            ($"/Clusters/{r.ClusterA.Id}/Meetings/New", [new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "16:30"), new("Input.Ends", "19:00"), new("Input.Venue", "Et sted"), new("Input.Title", "Indbrud")]),
            ($"/Meetings/{meetingA}/Edit", [new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "08:00"), new("Input.Ends", "09:00"), new("Input.Venue", "Et sted"), new("Input.Title", "Indbrud")]),
            ($"/Meetings/{meetingA}?handler=Invite", [new("guests", "Ubuden Gæst; ubuden@example.dk; Ingen")]),
            ($"/Meetings/{meetingA}?handler=Remind", []),
            ($"/Meetings/{meetingA}?handler=CheckIn", [new("present", anneInvitation.ToString())]),
            ($"/Meetings/{meetingA}?handler=Minutes", [new("minutes", "Overskrevet")]),
            ($"/Meetings/{meetingA}?handler=AddAction", [new("text", "Ubuden aftale")]),
            ($"/Meetings/{meetingA}?handler=ActionStatus", [new("actionId", trojborgAction.ToString()), new("status", "Dropped")]),
            ($"/Meetings/{meetingA}?handler=SendEvaluations", []),
        ];

        foreach (var user in new[] { TestRegistry.CoordinatorC, TestRegistry.Partner, TestRegistry.GpA, TestRegistry.StaffA })
        {
            var client = await host.LoginAsync(user);
            var member = user is TestRegistry.GpA or TestRegistry.StaffA;
            foreach (var url in viewGets)
            {
                var response = await client.GetAsync(url);
                if (member) WebAssert.Status(HttpStatusCode.OK, response, $"{user} viewing {url}");
                else WebAssert.Refused(response, $"{user} viewing {url}");
            }
            foreach (var url in manageGets) WebAssert.Refused(await client.GetAsync(url), $"{user} opening {url}");
            foreach (var (url, fields) in posts)
                WebAssert.Refused(await PostAsync(client, url, fields, tokenPage: "/Account/Manage"), $"{user} posting {url}");
        }
        Assert.Equal(before, await SnapshotAsync(host));

        // A member sees the meeting and the actions for the cluster and the own practice, not the coordinator's lists or other practices' actions.
        var gp = await host.LoginAsync(TestRegistry.GpA);
        var page = await WebAssert.TextAsync(await gp.GetAsync($"/Meetings/{meetingA}"));
        Assert.Contains("Lungerne i fokus", page);
        Assert.Contains("Fælles journalaudit", page);
        Assert.Contains("Nørregade tjekker inhalatorer", page);
        Assert.DoesNotContain("Trøjborg ringer til apoteket", page);
        Assert.DoesNotContain("id=\"checkin\"", page);
        Assert.DoesNotContain("Eva Lind", page);

        // The coordinator of C sees C's meetings but not A's in the cross-cluster list.
        var coordinatorC = await host.LoginAsync(TestRegistry.CoordinatorC);
        var list = await WebAssert.TextAsync(await coordinatorC.GetAsync("/Meetings"));
        Assert.Contains("Hovedstadens møde", list);
        Assert.DoesNotContain("Lungerne i fokus", list);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_calendar_feed_holds_the_meetings_of_the_users_clusters_and_refuses_bad_tokens(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var (meetingA, meetingC, _) = await SeedTwoMeetingsAsync(host);
        int oldA;
        await using (var db = host.NewContext())
        {
            var old = await Planner(host, db).PlanAsync(Plan(r.ClusterA.Id, "Gammelt møde", WebTestHost.Today.AddMonths(-6)), "test", Now);
            oldA = old.Id;
        }

        var gp = await host.LoginAsync(TestRegistry.GpA);
        var manage = await WebAssert.TextAsync(await gp.GetAsync("/Account/Manage/Calendar"));
        var url = FeedUrl().Match(manage).Groups["url"].Value;
        Assert.StartsWith("http://localhost/Calendar/", url);
        var path = new Uri(url).AbsolutePath;

        var feed = await host.Anonymous().GetAsync(path);
        WebAssert.Status(HttpStatusCode.OK, feed, "the feed");
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var calendar = Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal([$"meeting-{meetingA}@localhost"], calendar.Events.Select(e => e.Uid).ToList());
        var e = calendar.Events.Single();
        Assert.Equal("Klynge Aarhus Nord: Lungerne i fokus", e.Summary);
        await using (var db = host.NewContext())
            Assert.Equal((await db.Meetings.SingleAsync(m => m.Id == meetingA)).StartsAt, e.Start!.AsUtc);
        Assert.DoesNotContain($"meeting-{meetingC}@", await feed.Content.ReadAsStringAsync());
        Assert.DoesNotContain($"meeting-{oldA}@", await feed.Content.ReadAsStringAsync());

        // Another user's feed differs: the coordinator of C gets C's meeting only.
        var coordinatorC = await host.LoginAsync(TestRegistry.CoordinatorC);
        var cPath = new Uri(FeedUrl().Match(await WebAssert.TextAsync(await coordinatorC.GetAsync("/Account/Manage/Calendar"))).Groups["url"].Value).AbsolutePath;
        var cCalendar = Calendar.Load(await (await host.Anonymous().GetAsync(cPath)).Content.ReadAsStringAsync())!;
        Assert.Equal([$"meeting-{meetingC}@localhost"], cCalendar.Events.Select(x => x.Uid).ToList());

        WebAssert.Status(HttpStatusCode.NotFound, await host.Anonymous().GetAsync("/Calendar/not-a-token.ics"), "a garbage token");
        var token = path["/Calendar/".Length..^".ics".Length];
        WebAssert.Status(HttpStatusCode.NotFound, await host.Anonymous().GetAsync($"/Calendar/{token[..^4]}AAAA.ics"), "a tampered token");

        // One meeting as .ics for a member.
        var single = Calendar.Load(await (await gp.GetAsync($"/Meetings/{meetingA}.ics")).Content.ReadAsStringAsync())!;
        Assert.Equal($"meeting-{meetingA}@localhost", single.Events.Single().Uid);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_attendance_list_exports_name_practice_kind_answer_and_attendance(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var (meetingA, _, guestToken) = await SeedTwoMeetingsAsync(host);
        await using (var db = host.NewContext())
        {
            var planner = Planner(host, db);
            var anne = await db.MeetingInvitations.SingleAsync(i => i.MeetingId == meetingA && i.PersonId == r.AnneHolm.Id);
            var eva = await db.MeetingInvitations.SingleAsync(i => i.Token == guestToken);
            await planner.RespondAsync(anne.Token, RsvpResponse.Yes, Now);
            await planner.RespondAsync(eva.Token, RsvpResponse.Maybe, Now);
            await planner.CheckInAsync(meetingA, new HashSet<int> { anne.Id, eva.Id }, "test", Now);
        }
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var response = await coordinator.GetAsync($"/Meetings/{meetingA}/Attendance.csv");
        WebAssert.Status(HttpStatusCode.OK, response, "the CSV");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "name,practice,kind,answer,attended",
            "Eva Lind,Aarhus Kommune,guest,maybe,yes",
            "Karen Dahl,Lægehuset Trøjborg,member,none,no",
            "Tim Ravn,Lægehuset Trøjborg,member,none,no",
            "Anne Holm,Lægerne Nørregade,member,yes,yes",
            "Bo Lund,Lægerne Nørregade,member,none,no",
        ], lines);

        var print = await WebAssert.TextAsync(await coordinator.GetAsync($"/Meetings/{meetingA}/Attendance"));
        Assert.Contains("Underskrift", print);
        Assert.Contains("5 inviteret, 2 mødt.", print);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_plan_shows_the_reason_and_keeps_the_entered_values(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        var response = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New",
        [
            new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "19:00"), new("Input.Ends", "16:30"),
            new("Input.Venue", "Lægehuset Trøjborg"), new("Input.Title", "Et møde der ender før det begynder"), new("Input.ProblemStatement", "Behold mig"),
        ]);
        WebAssert.Status(HttpStatusCode.OK, response, "a refused plan");
        var text = await WebAssert.TextAsync(response);
        Assert.Contains("Mødet skal slutte efter, det begynder.", text);
        Assert.Contains("value=\"Et møde der ender før det begynder\"", text);
        Assert.Contains(">Behold mig</textarea>", text);

        var noDay = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New",
            [new("Input.Day", ""), new("Input.Starts", "16:30"), new("Input.Ends", "19:00"), new("Input.Venue", "Her"), new("Input.Title", "Uden dato")]);
        WebAssert.Status(HttpStatusCode.OK, noDay, "a plan without a date");
        Assert.Contains("Angiv dato og tidspunkt for mødet.", await WebAssert.TextAsync(noDay));

        var badGuest = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New",
        [
            new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "16:30"), new("Input.Ends", "19:00"), new("Input.Venue", "Her"), new("Input.Title", "Godt møde"),
        ]);
        var id = planIdFrom(badGuest);
        var invite = await PostAsync(coordinator, $"/Meetings/{id}?handler=Invite", [new("guests", "Eva Lind; eva.lind@aarhus.dk; Aarhus Kommune\nPer uden adresse; ikke-en-adresse")]);
        WebAssert.Status(HttpStatusCode.OK, invite, "a bad guest line");
        Assert.Contains("Linje 2: 'ikke-en-adresse' er ikke en gyldig e-mailadresse.", await WebAssert.TextAsync(invite));
        await using var db = host.NewContext();
        Assert.Equal(1, await db.Meetings.CountAsync());
        Assert.Equal(0, await db.MeetingInvitations.CountAsync());

        static int planIdFrom(HttpResponseMessage planned) => int.Parse(planned.Headers.Location!.OriginalString["/Meetings/".Length..]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Responsibility_goes_only_to_people_of_the_member_practices_or_the_invited(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var r = host.Registry;
        var coordinator = await host.LoginAsync(TestRegistry.CoordinatorA);
        const string refusal = "De ansvarlige skal arbejde i en af klyngens praksisser på mødedagen eller være inviteret til mødet.";
        KeyValuePair<string, string>[] Form(Person? content, Person? practical) =>
        [
            new("Input.Day", InTwoWeeks.ToString("yyyy-MM-dd")), new("Input.Starts", "16:30"), new("Input.Ends", "19:00"), new("Input.Venue", "Lægehuset Trøjborg"),
            new("Input.Title", "Astma"), new("Input.ContentResponsibleId", content?.Id.ToString() ?? ""), new("Input.PracticalResponsibleId", practical?.Id.ToString() ?? ""),
        ];

        var form = await WebAssert.TextAsync(await coordinator.GetAsync($"/Clusters/{r.ClusterA.Id}/Meetings/New"));
        Assert.Contains($"<option value=\"{r.AnneHolm.Id}\">Anne Holm (Lægerne Nørregade)</option>", form);
        Assert.Contains($"<option value=\"{r.KarenDahl.Id}\">Karen Dahl (Lægehuset Trøjborg)</option>", form);
        foreach (var outsider in new[] { r.LarsWinther, r.OleBak, r.JensIbsen, r.HansMoe, r.SaraBerg })
            Assert.DoesNotContain(outsider.FullName, form);

        // C's coordinator, B's coordinator, a GP of a practice in no cluster, a GP of A's closed practice.
        foreach (var (content, practical) in new[] { (r.LarsWinther, r.KarenDahl), (r.AnneHolm, r.OleBak), (r.AnneHolm, r.JensIbsen), (r.HansMoe, r.AnneHolm) })
        {
            var refused = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New", Form(content, practical));
            WebAssert.Status(HttpStatusCode.OK, refused, $"{content.FullName} and {practical.FullName} responsible");
            Assert.Contains(refusal, await WebAssert.TextAsync(refused));
        }
        await using (var db = host.NewContext()) Assert.Equal(0, await db.Meetings.CountAsync());

        var planned = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New", Form(r.AnneHolm, r.KarenDahl));
        WebAssert.RedirectsTo("/Meetings/", planned, "members responsible");
        var id = int.Parse(planned.Headers.Location!.OriginalString["/Meetings/".Length..]);
        await using (var db = host.NewContext())
        {
            var m = await db.Meetings.SingleAsync();
            Assert.Equal((id, r.AnneHolm.Id, r.KarenDahl.Id), (m.Id, m.ContentResponsibleId, m.PracticalResponsibleId));
        }

        // Nørregade leaves before the meeting: its GPs stay choosable for this meeting because they are invited, not for a new one.
        WebAssert.RedirectsTo($"/Meetings/{id}", await PostAsync(coordinator, $"/Meetings/{id}?handler=Invite", [new("guests", "")]), "inviting");
        await using (var db = host.NewContext())
        {
            var norregade = await db.ClusterMemberships.SingleAsync(m => m.PracticeId == r.Norregade.Id && m.ClusterId == r.ClusterA.Id);
            norregade.ValidTo = WebTestHost.Today.AddDays(1);
            await db.SaveChangesAsync();
        }
        var editForm = await WebAssert.TextAsync(await coordinator.GetAsync($"/Meetings/{id}/Edit"));
        Assert.Contains($"<option value=\"{r.BoLund.Id}\">Bo Lund (Lægerne Nørregade)</option>", editForm);
        var outsiderOnEdit = await PostAsync(coordinator, $"/Meetings/{id}/Edit", Form(r.AnneHolm, r.LarsWinther));
        WebAssert.Status(HttpStatusCode.OK, outsiderOnEdit, "an outsider named when changing the meeting");
        Assert.Contains(refusal, await WebAssert.TextAsync(outsiderOnEdit));
        WebAssert.RedirectsTo($"/Meetings/{id}", await PostAsync(coordinator, $"/Meetings/{id}/Edit", Form(r.AnneHolm, r.BoLund)), "an invited GP responsible");
        var another = await PostAsync(coordinator, $"/Clusters/{r.ClusterA.Id}/Meetings/New", Form(r.BoLund, null));
        WebAssert.Status(HttpStatusCode.OK, another, "a former member's GP on a new meeting");
        Assert.Contains(refusal, await WebAssert.TextAsync(another));

        await using var check = host.NewContext();
        var meeting = await check.Meetings.SingleAsync();
        Assert.Equal((r.AnneHolm.Id, r.BoLund.Id), (meeting.ContentResponsibleId, meeting.PracticalResponsibleId));
    }

    /// <summary>A meeting in A (invited, guest Eva, three actions) and one in C; returns their ids and the guest's token.</summary>
    private static async Task<(int MeetingA, int MeetingC, string GuestToken)> SeedTwoMeetingsAsync(WebTestHost host)
    {
        var r = host.Registry;
        await using var db = host.NewContext();
        var planner = Planner(host, db);
        var a = await planner.PlanAsync(Plan(r.ClusterA.Id, "Lungerne i fokus", InTwoWeeks), "test", Now);
        var c = await planner.PlanAsync(Plan(r.ClusterC.Id, "Hovedstadens møde", InTwoWeeks), "test", Now);
        var invited = await planner.InviteAsync(a.Id, false, [new MeetingGuest("Eva Lind", "eva.lind@aarhus.dk", "Aarhus Kommune")], "test", Now);
        await planner.InviteAsync(c.Id, false, [], "test", Now);
        await planner.AddActionAsync(a.Id, "Fælles journalaudit", null, "Karen Dahl", null, "test");
        await planner.AddActionAsync(a.Id, "Nørregade tjekker inhalatorer", r.Norregade.Id, "Anne Holm", null, "test");
        await planner.AddActionAsync(a.Id, "Trøjborg ringer til apoteket", r.Trojborg.Id, "Tim Ravn", null, "test");
        return (a.Id, c.Id, invited.Single(i => i.Kind == InviteeKind.Guest).Token);
    }

    private static MeetingPlanner Planner(WebTestHost host, KlyngeDbContext db) =>
        new(db, host.Factory.Services.GetRequiredService<TopicLibrary>(), "http://localhost", "klynge@localhost");

    private static MeetingPlan Plan(int clusterId, string title, DateOnly day) => new(clusterId, title, day, MeetingPlan.DefaultStart, MeetingPlan.DefaultEnd,
        "Lægehuset", null, MeetingFormat.Plenary, "", "Problemet", null, null, "", false, "1. Velkomst");

    private static async Task<string> SnapshotAsync(WebTestHost host)
    {
        await using var db = host.NewContext();
        var meetings = await db.Meetings.AsNoTracking().OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.Title}:{m.StartsAt:O}:{m.Venue}:{m.Minutes}:{m.Status}:{m.CalendarSequence}").ToListAsync();
        var invitations = await db.MeetingInvitations.AsNoTracking().OrderBy(i => i.Id).Select(i => $"{i.Id}:{i.Email}:{i.Response}:{i.AttendedAtUtc}:{i.RemindedAtUtc}:{i.EvaluationSentAtUtc}").ToListAsync();
        var actions = await db.AgreedActions.AsNoTracking().OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Text}:{a.Status}").ToListAsync();
        var outbox = await db.OutboxMessages.CountAsync();
        var audit = await db.AuditEntries.CountAsync(e => e.Action.StartsWith("meeting.") || e.Action.StartsWith("action."));
        return string.Join("\n", meetings.Concat(invitations).Concat(actions).Append($"outbox {outbox}").Append($"audit {audit}"));
    }

    /// <summary>Posts form fields (repeated names allowed) with an antiforgery token read from <paramref name="tokenPage"/> or the page itself.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, KeyValuePair<string, string>[] fields, string? tokenPage = null)
    {
        var token = await WebTestHost.AntiforgeryTokenAsync(client, tokenPage ?? url.Split('?')[0]);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    [GeneratedRegex("""value="(?<url>http[^"]+/Calendar/[^"]+\.ics)" """, RegexOptions.None)]
    private static partial Regex FeedUrl();
}
