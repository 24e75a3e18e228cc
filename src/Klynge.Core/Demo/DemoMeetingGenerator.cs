using Klynge.Core.Meetings;
using Klynge.Core.Registry;

namespace Klynge.Core.Demo;

/// <summary>A demo meeting with what hangs on it; <see cref="PlantedId"/> is the prescribing generator's meeting it enriches.</summary>
public sealed record DemoMeeting(Meeting Meeting, int? PlantedId, List<MeetingInvitation> Invitations, List<AgreedAction> Actions, List<(int Invitation, MeetingEvaluation Evaluation)> Evaluations);

/// <summary>
/// Two years of cluster meetings for the demo country: 2-4 a year per cluster on weekday evenings, mixed formats,
/// catalogue and self-chosen topics, invitations to the member practices' GPs, attendance that varies with how
/// committed the cluster is, agreed actions and evaluations. The meetings the prescribing generator planted effects
/// after are kept as they are (same cluster, day and topic) and filled in; no other meeting takes a planted topic, so
/// clusters that did not work on a topic stay untreated for the programme evaluation.
/// </summary>
public static class DemoMeetingGenerator
{
    private static readonly string[] OtherTopics = ["older-patients-polypharmacy", "eye-drops-children", "diabetes", "copd-asthma"];
    private static readonly (string Title, string Problem)[] SelfChosen =
    [
        ("Samarbejde med hjemmeplejen", "Hvordan får vi færre uklare henvendelser fra hjemmeplejen om medicin?"),
        ("Urinvejsinfektion hos ældre", "Vi vil dyrke før behandling hos plejehjemsbeboere; vi tæller på næste møde."),
        ("Opfølgning efter udskrivelse", "Alle udskrevne over 75 år skal have en opfølgende kontakt inden for en uge."),
        ("Sygeplejerskens rolle i kronikerkontrollen", "Hvilke kontroller kan personalet tage, og hvordan måler vi det?"),
    ];
    private static readonly Dictionary<string, string> TopicTitles = new()
    {
        ["older-patients-polypharmacy"] = "Ældre patienter og mange lægemidler",
        ["eye-drops-children"] = "Antibiotiske øjendråber til børn",
        ["diabetes"] = "Type 2-diabetes",
        ["copd-asthma"] = "KOL og astma",
    };

    public static List<DemoMeeting> Generate(DemoPrescribing prescribing)
    {
        var country = prescribing.Country;
        var random = new Random(prescribing.Seed * 31 + 7);
        var first = prescribing.Quarters[0].FirstDay;
        // Coordinators plan about half a year ahead.
        var last = country.Today.AddMonths(6);
        var gps = country.Affiliations.Where(a => a.Role.IsGp()).ToLookup(a => a.PracticeId);
        var people = country.People.ToDictionary(p => p.Id);
        var planted = prescribing.Meetings.ToLookup(m => m.ClusterId);
        var result = new List<DemoMeeting>();

        foreach (var cluster in country.Clusters)
        {
            // Commitment: how many of the invited come, and how they rate the meetings.
            var commitment = 0.5 + random.NextDouble() * 0.4;
            var days = new List<(DateOnly Day, Meeting? Planted)>();
            for (var year = first.Year; year <= last.Year; year++)
            {
                var count = random.NextDouble() switch { < 0.25 => 2, < 0.75 => 3, _ => 4 };
                var months = new[] { 2, 5, 9, 11 }.OrderBy(_ => random.Next()).Take(count).Order();
                foreach (var month in months) days.Add((Weekday(new DateOnly(year, month, 1 + random.Next(20))), null));
            }
            days.RemoveAll(d => d.Day < first || d.Day > last);
            foreach (var p in planted[cluster.Id])
            {
                var day = DateOnly.FromDateTime(p.StartsAt);
                // The planted meeting takes the place of the nearest ordinary one.
                if (days.Count > 0) days.Remove(days.MinBy(d => Math.Abs(d.Day.DayNumber - day.DayNumber)));
                days.Add((day, p));
            }

            var otherTopics = OtherTopics.OrderBy(_ => random.Next()).ToList();
            var openActions = new List<AgreedAction>();
            foreach (var (day, p) in days.OrderBy(d => d.Day))
            {
                var starts = DanishTime.ToUtc(day, MeetingPlan.DefaultStart);
                string topic, title, problem;
                if (p is not null) (topic, title, problem) = (p.TopicId, p.Title, "Vi vil se færre nye brugere og flere gennemgange; vi måler det i opfølgningspakken.");
                else if (random.NextDouble() < 0.7 && otherTopics.Count > 0)
                {
                    topic = otherTopics[0];
                    otherTopics.RemoveAt(0);
                    title = TopicTitles[topic];
                    problem = random.NextDouble() < 0.6 ? "Hvad vil vi ændre i vores egen praksis, og hvordan ser vi det i tallene?" : "";
                }
                else
                {
                    var own = SelfChosen[random.Next(SelfChosen.Length)];
                    (topic, title, problem) = ("", own.Title, own.Problem);
                }

                var held = day < country.Today;
                var formats = MeetingFormat.Plenary;
                if (random.NextDouble() < 0.65) formats |= MeetingFormat.GroupWork;
                if (random.NextDouble() < 0.3) formats |= MeetingFormat.CaseDiscussion;
                if (random.NextDouble() < 0.2) formats |= MeetingFormat.ExternalSpeaker;
                var meeting = new Meeting
                {
                    ClusterId = cluster.Id, StartsAt = p?.StartsAt ?? starts, EndsAt = (p?.StartsAt ?? starts).AddMinutes(150),
                    TopicId = topic, Title = title, ProblemStatement = problem, Formats = formats,
                    Venue = random.NextDouble() < 0.85 ? $"Lægehuset, {cluster.Name.Replace("Klynge ", "")}" : "", OnlineUrl = null,
                    Facilitator = (formats & MeetingFormat.ExternalSpeaker) != 0 ? "Ekstern oplægsholder" : "Koordinatoren",
                    FacilitatorExternal = (formats & MeetingFormat.ExternalSpeaker) != 0,
                    Agenda = MeetingTemplates.Get("agenda") ?? "",
                    Status = held ? MeetingStatus.Held : MeetingStatus.Planned,
                    CreatedBy = "demo", CreatedAtUtc = (p?.StartsAt ?? starts).AddDays(-70),
                };
                if (meeting.Venue == "") meeting.OnlineUrl = "https://moede.klynge-demo.dk/" + cluster.Id;

                var members = country.Memberships.Where(m => m.ClusterId == cluster.Id && m.IsValidOn(day)).Select(m => m.PracticeId).ToList();
                var invitations = new List<MeetingInvitation>();
                var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var practice in members)
                foreach (var a in gps[practice].Where(a => Validity.Covers(a.ValidFrom, a.ValidTo, day)))
                {
                    var person = people[a.PersonId];
                    if (person.Email is null || !emails.Add(person.Email)) continue;
                    var comes = held && random.NextDouble() < commitment;
                    var answered = random.NextDouble() < (held ? 0.9 : 0.5);
                    invitations.Add(new MeetingInvitation
                    {
                        Kind = InviteeKind.Member, PersonId = person.Id, PracticeId = practice, Name = person.FullName, Email = person.Email,
                        Token = $"demo{cluster.Id:D3}{day:yyyyMMdd}{person.Id}", InvitedAtUtc = starts.AddDays(-42),
                        Response = !answered ? RsvpResponse.None : comes || (!held && random.NextDouble() < commitment) ? RsvpResponse.Yes : random.NextDouble() < 0.8 ? RsvpResponse.No : RsvpResponse.Maybe,
                        RespondedAtUtc = answered ? starts.AddDays(-40 + random.Next(30)) : null,
                        AttendedAtUtc = comes ? starts : null,
                        EvaluationSentAtUtc = comes ? starts.AddDays(1) : null,
                    });
                }

                var actions = new List<AgreedAction>();
                var evaluations = new List<(int, MeetingEvaluation)>();
                if (held)
                {
                    foreach (var a in openActions) { a.Status = random.NextDouble() < 0.65 ? ActionStatus.Done : a.Status; a.ClosedAtUtc = a.Status == ActionStatus.Done ? starts : null; }
                    openActions.RemoveAll(a => a.Status != ActionStatus.Open);
                    actions.Add(new AgreedAction { ClusterId = cluster.Id, Text = $"Følge op på {title.ToLowerInvariant()} på næste møde", Owner = "Koordinatoren", DueOn = day.AddMonths(3) });
                    foreach (var practice in members.OrderBy(_ => random.Next()).Take(random.Next(0, 4)))
                        actions.Add(new AgreedAction { ClusterId = cluster.Id, PracticeId = practice, Text = "Gennemgå de patienter, tallene peger på, og aftale en plan med hver", DueOn = day.AddMonths(2) });
                    openActions.AddRange(actions);
                    for (var i = 0; i < invitations.Count; i++)
                    {
                        if (invitations[i].AttendedAtUtc is null || random.NextDouble() > 0.6) continue;
                        int Score(double lift) => Math.Clamp((int)Math.Round(2.2 + commitment * 2.5 + lift + (random.NextDouble() - 0.5) * 1.6), 1, 5);
                        var grouped = (formats & MeetingFormat.GroupWork) != 0 ? 0.3 : 0;
                        evaluations.Add((i, new MeetingEvaluation
                        {
                            Productive = Score(grouped), DataUseful = Score(topic.Length > 0 ? 0.3 : -0.4), Commitment = Score(0), AgreementEasy = Score(problem.Length > 0 ? 0.2 : -0.2),
                            Comment = random.NextDouble() < 0.15 ? "Godt at se egne tal ved siden af de andres." : "", SubmittedAtUtc = starts.AddDays(2),
                        }));
                    }
                }
                result.Add(new DemoMeeting(meeting, p?.Id, invitations, actions, evaluations));
            }
        }
        return result;
    }

    /// <summary>The nearest Tuesday to Thursday: clusters meet on weekday evenings.</summary>
    internal static DateOnly Weekday(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(3),
        DayOfWeek.Sunday => day.AddDays(2),
        DayOfWeek.Friday => day.AddDays(-1),
        DayOfWeek.Monday => day.AddDays(1),
        _ => day,
    };
}
