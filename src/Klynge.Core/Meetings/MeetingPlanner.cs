using System.Security.Cryptography;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.Core.Registry;
using Klynge.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Meetings;

/// <summary>What a coordinator fills in to plan a meeting; times are Danish local time.</summary>
public sealed record MeetingPlan(
    int ClusterId,
    string Title,
    DateOnly Day,
    TimeOnly Starts,
    TimeOnly Ends,
    string Venue,
    string? OnlineUrl,
    MeetingFormat Formats,
    string TopicId,
    string ProblemStatement,
    int? ContentResponsibleId,
    int? PracticalResponsibleId,
    string Facilitator,
    bool FacilitatorExternal,
    string Agenda)
{
    /// <summary>After hours: most clusters meet when the clinic has closed.</summary>
    public static readonly TimeOnly DefaultStart = new(16, 30), DefaultEnd = new(19, 0);
}

/// <summary>Someone who may be responsible for a meeting's content or practicalities; <paramref name="Where"/> is their practice or organisation.</summary>
public sealed record ResponsibleCandidate(int PersonId, string Name, string Where);

/// <summary>A guest from outside the cluster, e.g. from the municipality, the hospital or a pharmacy.</summary>
public sealed record MeetingGuest(string Name, string Email, string Organisation);

/// <summary>A meeting cannot be planned or changed as asked; the message (Danish) says why and is shown to the user.</summary>
public sealed class MeetingException(string message) : Exception(message);

/// <summary>
/// The coordinator's meeting cycle: plan, invite (e-mail with an .ics through the outbox), answers, reminders,
/// check-in, minutes, agreed actions and the evaluation questionnaire. Callers check that the user may manage the
/// cluster; this class checks the meeting's own rules and writes every change to the audit log.
/// </summary>
public sealed class MeetingPlanner(KlyngeDbContext db, TopicLibrary topics, string linkBase, string organiserEmail)
{
    public const string InvitationMailKind = "meeting-invitation", ReminderMailKind = "meeting-reminder", EvaluationMailKind = "meeting-evaluation";

    private string Host => Uri.TryCreate(linkBase, UriKind.Absolute, out var uri) ? uri.Host : "klynge";

    public async Task<Meeting> PlanAsync(MeetingPlan plan, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = new Meeting { ClusterId = plan.ClusterId, CreatedBy = userName, CreatedAtUtc = now.UtcDateTime };
        await ApplyAsync(meeting, plan, ct);
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "meeting.planned", "meeting", meeting.Id, $"cluster {plan.ClusterId}, {plan.Day:yyyy-MM-dd} {plan.Starts:HH\\:mm}, {meeting.Title}");
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    /// <summary>Changes a planned meeting; invitees get the updated invitation (a higher SEQUENCE replaces the old one).</summary>
    public async Task<Meeting> UpdateAsync(int meetingId, MeetingPlan plan, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        if (meeting.ClusterId != plan.ClusterId) throw new MeetingException("Mødet hører til en anden klynge.");
        var moved = meeting.StartsAt != DanishTime.ToUtc(plan.Day, plan.Starts) || meeting.EndsAt != DanishTime.ToUtc(plan.Day, plan.Ends)
            || meeting.Venue != plan.Venue.Trim() || meeting.OnlineUrl != NullIfBlank(plan.OnlineUrl);
        await ApplyAsync(meeting, plan, ct);
        if (moved)
        {
            meeting.CalendarSequence++;
            await MailInvitationsAsync(meeting, await db.MeetingInvitations.Where(i => i.MeetingId == meeting.Id && i.Response != RsvpResponse.No).ToListAsync(ct), "Ændret mødeindkaldelse", now, ct);
        }
        db.Record(userName, "meeting.updated", "meeting", meeting.Id, moved ? "time or place changed; invitees told" : "");
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    /// <summary>
    /// The people a meeting's responsibilities may go to: those in the cluster's work (GPs, and staff who take part) at
    /// its member practices on the meeting day, and the registry people invited to the meeting. Planning refuses anyone
    /// else, so a meeting never names a person from outside the cluster.
    /// </summary>
    public async Task<IReadOnlyList<ResponsibleCandidate>> ResponsibleCandidatesAsync(int clusterId, DateOnly day, int? meetingId, CancellationToken ct = default)
    {
        var practices = db.ClusterMemberships.Where(m => m.ClusterId == clusterId && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day)).Select(m => m.PracticeId);
        var working = await db.PracticeAffiliations.AsNoTracking()
            .Where(a => practices.Contains(a.PracticeId) && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day) && a.TakesPartInClusterWork)
            .Select(a => new { a.PersonId, a.Person!.FirstName, a.Person.LastName, Where = a.Practice!.Name })
            .ToListAsync(ct);
        var invited = meetingId is int id
            ? await db.MeetingInvitations.AsNoTracking().Where(i => i.MeetingId == id && i.PersonId != null)
                .Join(db.People, i => i.PersonId, p => p.Id, (i, p) => new
                {
                    PersonId = p.Id, p.FirstName, p.LastName,
                    Where = db.Practices.Where(x => x.Id == i.PracticeId).Select(x => x.Name).FirstOrDefault() ?? i.Organisation,
                })
                .ToListAsync(ct)
            : [];
        return working.Concat(invited).DistinctBy(p => p.PersonId)
            .OrderBy(p => p.LastName, StringComparer.Ordinal).ThenBy(p => p.FirstName, StringComparer.Ordinal)
            .Select(p => new ResponsibleCandidate(p.PersonId, $"{p.FirstName} {p.LastName}", p.Where)).ToList();
    }

    /// <summary>
    /// Invites every GP of the cluster's member practices on the meeting day, their staff who take part in the
    /// cluster's work when <paramref name="includeStaff"/>, and the guests. People already invited are skipped, so
    /// inviting again after new members join invites only them. Returns the invitations made now.
    /// </summary>
    public async Task<IReadOnlyList<MeetingInvitation>> InviteAsync(int meetingId, bool includeStaff, IReadOnlyList<MeetingGuest> guests, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        if (meeting.Status == MeetingStatus.Cancelled) throw new MeetingException("Mødet er aflyst.");
        foreach (var g in guests)
        {
            if (string.IsNullOrWhiteSpace(g.Name)) throw new MeetingException("En gæst mangler navn.");
            if (!MailOutbox.IsValidAddress(g.Email)) throw new MeetingException($"'{g.Email}' er ikke en gyldig e-mailadresse.");
        }
        var day = DateOnly.FromDateTime(DanishTime.ToLocal(meeting.StartsAt));
        var members = await db.ClusterMemberships.AsNoTracking()
            .Where(m => m.ClusterId == meeting.ClusterId && m.ValidFrom <= day && (m.ValidTo == null || m.ValidTo > day))
            .Select(m => m.PracticeId).ToListAsync(ct);
        var people = await db.PracticeAffiliations.AsNoTracking()
            .Where(a => members.Contains(a.PracticeId) && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day))
            .Select(a => new { a.PersonId, a.PracticeId, a.Role, a.TakesPartInClusterWork, a.Person!.FirstName, a.Person.LastName, a.Person.Email })
            .ToListAsync(ct);
        var already = (await db.MeetingInvitations.AsNoTracking().Where(i => i.MeetingId == meetingId).Select(i => i.Email).ToListAsync(ct))
            .Select(Normalise).ToHashSet();

        var invitations = new List<MeetingInvitation>();
        void Add(InviteeKind kind, int? personId, int? practiceId, string name, string email, string organisation)
        {
            if (!already.Add(Normalise(email))) return;
            invitations.Add(new MeetingInvitation
            {
                MeetingId = meetingId, Kind = kind, PersonId = personId, PracticeId = practiceId, Name = name.Trim(), Email = email.Trim(),
                Organisation = organisation.Trim(), Token = NewToken(), InvitedAtUtc = now.UtcDateTime,
            });
        }
        foreach (var p in people.Where(p => MailOutbox.IsValidAddress(p.Email)).OrderBy(p => p.LastName).ThenBy(p => p.FirstName))
        {
            if (p.Role.IsGp()) Add(InviteeKind.Member, p.PersonId, p.PracticeId, $"{p.FirstName} {p.LastName}", p.Email!, "");
            else if (includeStaff && p.TakesPartInClusterWork) Add(InviteeKind.Staff, p.PersonId, p.PracticeId, $"{p.FirstName} {p.LastName}", p.Email!, "");
        }
        foreach (var g in guests) Add(InviteeKind.Guest, null, null, g.Name, g.Email, g.Organisation);

        db.MeetingInvitations.AddRange(invitations);
        await db.SaveChangesAsync(ct);
        await MailInvitationsAsync(meeting, invitations, "Mødeindkaldelse", now, ct);
        db.Record(userName, "meeting.invited", "meeting", meetingId,
            $"{invitations.Count(i => i.Kind == InviteeKind.Member)} GPs, {invitations.Count(i => i.Kind == InviteeKind.Staff)} staff, {invitations.Count(i => i.Kind == InviteeKind.Guest)} guests");
        await db.SaveChangesAsync(ct);
        return invitations;
    }

    /// <summary>Records an answer given through the invitation's link; the last answer counts.</summary>
    public async Task<MeetingInvitation> RespondAsync(string token, RsvpResponse response, DateTimeOffset now, CancellationToken ct = default)
    {
        if (response == RsvpResponse.None) throw new MeetingException("Svaret skal være ja, nej eller måske.");
        var invitation = await db.MeetingInvitations.SingleOrDefaultAsync(i => i.Token == token, ct)
            ?? throw new MeetingException("Linket er ikke gyldigt.");
        invitation.Response = response;
        invitation.RespondedAtUtc = now.UtcDateTime;
        db.Record(invitation.Email, "meeting.rsvp", "meeting", invitation.MeetingId, response.ToString().ToLowerInvariant());
        await db.SaveChangesAsync(ct);
        return invitation;
    }

    /// <summary>Reminds everyone who has not answered (and was not reminded in the last day); returns how many.</summary>
    public async Task<int> RemindAsync(int meetingId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        var since = now.UtcDateTime.AddDays(-1);
        var silent = await db.MeetingInvitations
            .Where(i => i.MeetingId == meetingId && i.Response == RsvpResponse.None && (i.RemindedAtUtc == null || i.RemindedAtUtc < since))
            .ToListAsync(ct);
        foreach (var i in silent) i.RemindedAtUtc = now.UtcDateTime;
        await MailInvitationsAsync(meeting, silent, "Påmindelse", now, ct, ReminderMailKind);
        db.Record(userName, "meeting.reminded", "meeting", meetingId, $"{silent.Count} without an answer");
        await db.SaveChangesAsync(ct);
        return silent.Count;
    }

    /// <summary>Sets who came: exactly the given invitations are checked in; the meeting counts as held.</summary>
    public async Task CheckInAsync(int meetingId, IReadOnlySet<int> attended, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        var invitations = await db.MeetingInvitations.Where(i => i.MeetingId == meetingId).ToListAsync(ct);
        var unknown = attended.Except(invitations.Select(i => i.Id)).ToList();
        if (unknown.Count > 0) throw new MeetingException("Nogle af de afkrydsede er ikke inviteret til mødet.");
        foreach (var i in invitations)
            i.AttendedAtUtc = attended.Contains(i.Id) ? i.AttendedAtUtc ?? now.UtcDateTime : null;
        if (meeting.Status == MeetingStatus.Planned && attended.Count > 0) meeting.Status = MeetingStatus.Held;
        db.Record(userName, "meeting.attendance", "meeting", meetingId, $"{attended.Count} of {invitations.Count} present");
        await db.SaveChangesAsync(ct);
    }

    public async Task RecordMinutesAsync(int meetingId, string minutes, string userName, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        meeting.Minutes = minutes.Trim();
        db.Record(userName, "meeting.minutes", "meeting", meetingId, $"{meeting.Minutes.Length} characters");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds an agreed action for the cluster or for one member practice.</summary>
    public async Task<AgreedAction> AddActionAsync(int meetingId, string text, int? practiceId, string owner, DateOnly? dueOn, string userName, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        if (string.IsNullOrWhiteSpace(text)) throw new MeetingException("Skriv, hvad der er aftalt.");
        if (practiceId is { } p && !await db.ClusterMemberships.AnyAsync(m => m.ClusterId == meeting.ClusterId && m.PracticeId == p, ct))
            throw new MeetingException("Praksissen er ikke medlem af klyngen.");
        var day = DateOnly.FromDateTime(DanishTime.ToLocal(meeting.StartsAt));
        if (dueOn is { } due && due < day) throw new MeetingException("Fristen kan ikke ligge før mødet.");
        var action = new AgreedAction { MeetingId = meetingId, ClusterId = meeting.ClusterId, PracticeId = practiceId, Text = text.Trim(), Owner = owner.Trim(), DueOn = dueOn };
        db.AgreedActions.Add(action);
        await db.SaveChangesAsync(ct);
        db.Record(userName, "action.added", "meeting", meetingId, $"action {action.Id}");
        await db.SaveChangesAsync(ct);
        return action;
    }

    public async Task SetActionStatusAsync(int actionId, ActionStatus status, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var action = await db.AgreedActions.SingleOrDefaultAsync(a => a.Id == actionId, ct) ?? throw new MeetingException("Aftalen findes ikke.");
        action.Status = status;
        action.ClosedAtUtc = status == ActionStatus.Open ? null : now.UtcDateTime;
        db.Record(userName, "action.status", "meeting", action.MeetingId, $"action {actionId}: {status.ToString().ToLowerInvariant()}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The cluster's open actions, oldest due first: they go on the next agenda and into follow-up packages.</summary>
    public Task<List<AgreedAction>> OpenActionsAsync(int clusterId, CancellationToken ct = default) =>
        db.AgreedActions.AsNoTracking().Where(a => a.ClusterId == clusterId && a.Status == ActionStatus.Open)
            .OrderBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);

    /// <summary>Sends the evaluation questionnaire to everyone checked in who has not had it; returns how many.</summary>
    public async Task<int> SendEvaluationsAsync(int meetingId, string userName, DateTimeOffset now, CancellationToken ct = default)
    {
        var meeting = await FindAsync(meetingId, ct);
        var clusterName = await ClusterNameAsync(meeting.ClusterId, ct);
        var attendees = await db.MeetingInvitations
            .Where(i => i.MeetingId == meetingId && i.AttendedAtUtc != null && i.EvaluationSentAtUtc == null).ToListAsync(ct);
        foreach (var i in attendees)
        {
            i.EvaluationSentAtUtc = now.UtcDateTime;
            db.Enqueue(new OutboxMessage
            {
                Kind = EvaluationMailKind,
                ToAddress = i.Email,
                ToName = i.Name,
                Subject = $"Hvordan var mødet? {clusterName}, {DanishTime.ToLocal(meeting.StartsAt):d. MMMM}",
                TextBody = $"""
                    Kære {i.Name}

                    Tak for i går. Fire korte spørgsmål om mødet "{meeting.Title}" hjælper koordinatoren med at gøre næste møde bedre:
                    {Link($"Evaluate/{i.Token}")}

                    Svarene vises kun samlet.
                    """,
                Reference = $"meeting:{meetingId}",
            }, now);
        }
        db.Record(userName, "meeting.evaluation-sent", "meeting", meetingId, $"{attendees.Count} attendees");
        await db.SaveChangesAsync(ct);
        return attendees.Count;
    }

    /// <summary>Stores one attendee's evaluation; each invitation may answer once, and only attendees may answer.</summary>
    public async Task<MeetingEvaluation> SubmitEvaluationAsync(string token, int productive, int dataUseful, int commitment, int agreementEasy, string comment, DateTimeOffset now, CancellationToken ct = default)
    {
        var invitation = await db.MeetingInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.Token == token, ct)
            ?? throw new MeetingException("Linket er ikke gyldigt.");
        if (invitation.AttendedAtUtc is null) throw new MeetingException("Kun deltagere kan evaluere mødet.");
        if (new[] { productive, dataUseful, commitment, agreementEasy }.Any(s => s is < 1 or > 5))
            throw new MeetingException("Hvert spørgsmål besvares på en skala fra 1 til 5.");
        if (await db.MeetingEvaluations.AnyAsync(e => e.InvitationId == invitation.Id, ct))
            throw new MeetingException("Du har allerede evalueret mødet. Tak!");
        var evaluation = new MeetingEvaluation
        {
            MeetingId = invitation.MeetingId, InvitationId = invitation.Id, Productive = productive, DataUseful = dataUseful,
            Commitment = commitment, AgreementEasy = agreementEasy, Comment = comment.Trim(), SubmittedAtUtc = now.UtcDateTime,
        };
        db.MeetingEvaluations.Add(evaluation);
        await db.SaveChangesAsync(ct);
        return evaluation;
    }

    /// <summary>The invitation and meeting an answer or evaluation link points at, or null for an unknown token.</summary>
    public async Task<(MeetingInvitation Invitation, Meeting Meeting)?> ByTokenAsync(string token, CancellationToken ct = default)
    {
        var invitation = await db.MeetingInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.Token == token, ct);
        if (invitation is null) return null;
        return (invitation, await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == invitation.MeetingId, ct));
    }

    private async Task ApplyAsync(Meeting meeting, MeetingPlan plan, CancellationToken ct)
    {
        if (plan.Ends <= plan.Starts) throw new MeetingException("Mødet skal slutte efter, det begynder.");
        if (!string.IsNullOrWhiteSpace(plan.OnlineUrl) && !(Uri.TryCreate(plan.OnlineUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw new MeetingException("Linket til onlinemødet skal være en hel adresse, der begynder med https://.");
        if (string.IsNullOrWhiteSpace(plan.Venue) && string.IsNullOrWhiteSpace(plan.OnlineUrl))
            throw new MeetingException("Angiv et mødested eller et link til onlinemødet.");
        var topic = string.IsNullOrWhiteSpace(plan.TopicId) ? null
            : topics.Find(plan.TopicId.Trim()) ?? throw new MeetingException($"Emnet '{plan.TopicId}' findes ikke i kataloget.");
        var title = string.IsNullOrWhiteSpace(plan.Title) ? topic?.Title?.Da : plan.Title.Trim();
        if (string.IsNullOrWhiteSpace(title)) throw new MeetingException("Giv mødet en titel, eller vælg et emne fra kataloget.");
        if (!await db.Clusters.AnyAsync(c => c.Id == plan.ClusterId, ct)) throw new MeetingException("Klyngen findes ikke.");
        var responsible = new[] { plan.ContentResponsibleId, plan.PracticalResponsibleId }.OfType<int>().ToList();
        if (responsible.Count > 0)
        {
            var candidates = (await ResponsibleCandidatesAsync(plan.ClusterId, plan.Day, meeting.Id == 0 ? null : meeting.Id, ct)).Select(c => c.PersonId).ToHashSet();
            if (!responsible.All(candidates.Contains))
                throw new MeetingException("De ansvarlige skal arbejde i en af klyngens praksisser på mødedagen eller være inviteret til mødet.");
        }

        meeting.Title = title;
        meeting.TopicId = topic?.Id ?? "";
        meeting.StartsAt = DanishTime.ToUtc(plan.Day, plan.Starts);
        meeting.EndsAt = DanishTime.ToUtc(plan.Day, plan.Ends);
        meeting.Venue = plan.Venue.Trim();
        meeting.OnlineUrl = NullIfBlank(plan.OnlineUrl);
        meeting.Formats = plan.Formats;
        meeting.ProblemStatement = plan.ProblemStatement.Trim();
        meeting.ContentResponsibleId = plan.ContentResponsibleId;
        meeting.PracticalResponsibleId = plan.PracticalResponsibleId;
        meeting.Facilitator = plan.Facilitator.Trim();
        meeting.FacilitatorExternal = plan.FacilitatorExternal;
        meeting.Agenda = plan.Agenda.Trim();
    }

    private async Task MailInvitationsAsync(Meeting meeting, IReadOnlyList<MeetingInvitation> invitations, string heading, DateTimeOffset now, CancellationToken ct, string kind = InvitationMailKind)
    {
        if (invitations.Count == 0) return;
        var clusterName = await ClusterNameAsync(meeting.ClusterId, ct);
        var local = DanishTime.ToLocal(meeting.StartsAt);
        var end = DanishTime.ToLocal(meeting.EndsAt);
        var place = string.Join(", ", new[] { meeting.Venue, meeting.OnlineUrl }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var culture = System.Globalization.CultureInfo.GetCultureInfo("da-DK");
        foreach (var i in invitations)
        {
            var body = $"""
                Kære {i.Name}

                {heading}: {clusterName} holder møde {local.ToString("dddd 'den' d. MMMM yyyy", culture)} kl. {local:HH\:mm}-{end:HH\:mm}.
                Sted: {place}
                Emne: {meeting.Title}
                {(string.IsNullOrWhiteSpace(meeting.ProblemStatement) ? "" : $"Det vil vi ændre: {meeting.ProblemStatement}\n")}
                Kommer du?
                  Ja:    {Link($"Rsvp/{i.Token}?svar=ja")}
                  Nej:   {Link($"Rsvp/{i.Token}?svar=nej")}
                  Måske: {Link($"Rsvp/{i.Token}?svar=maaske")}

                Mødet er vedhæftet som kalenderfil.
                """;
            db.Enqueue(new OutboxMessage
            {
                Kind = kind,
                ToAddress = i.Email,
                ToName = i.Name,
                Subject = $"{heading}: {clusterName} {local.ToString("d. MMMM", culture)}",
                TextBody = body,
                Reference = $"meeting:{meeting.Id}",
                Attachments = [OutboxAttachment.Calendar("invitation.ics", MeetingCalendar.Invitation(meeting, clusterName, i, organiserEmail, Host, meeting.ProblemStatement))],
            }, now);
        }
    }

    private async Task<Meeting> FindAsync(int id, CancellationToken ct) =>
        await db.Meetings.SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new MeetingException("Mødet findes ikke.");

    private Task<string> ClusterNameAsync(int clusterId, CancellationToken ct) =>
        db.Clusters.Where(c => c.Id == clusterId).Select(c => c.Name).SingleAsync(ct);

    private string Link(string path) => $"{linkBase.TrimEnd('/')}/{path}";

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Normalise(string email) => email.Trim().ToLowerInvariant();

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
}
