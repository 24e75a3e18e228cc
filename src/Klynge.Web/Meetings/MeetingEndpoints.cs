using System.Security.Cryptography;
using System.Text;
using Klynge.Core.Access;
using Klynge.Core.Data;
using Klynge.Core.Mail;
using Klynge.Core.Meetings;
using Klynge.Core.Topics;
using Klynge.Web.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Meetings;

/// <summary>The meeting files: one meeting as .ics, the attendance list as CSV, and the personal calendar feed.</summary>
public static class MeetingEndpoints
{
    public const string FeedPurpose = "Klynge.CalendarFeed";
    public const string CalendarType = "text/calendar; charset=utf-8";

    /// <summary>How far back the feed reaches, so a subscribed calendar keeps the recent meetings and their minutes' dates.</summary>
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(92);

    /// <summary>The public address used in mails and calendar UIDs: <c>Klynge:PublicUrl</c>, else the address the request came to.</summary>
    public static string LinkBase(IConfiguration configuration, HttpRequest? request) =>
        configuration["Klynge:PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/')
        : request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}";

    public static string Host(string linkBase) => Uri.TryCreate(linkBase, UriKind.Absolute, out var uri) ? uri.Host : "klynge";

    public static MeetingPlanner CreatePlanner(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var request = services.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request;
        return new MeetingPlanner(services.GetRequiredService<KlyngeDbContext>(), services.GetRequiredService<TopicLibrary>(),
            LinkBase(configuration, request), services.GetRequiredService<MailSettings>().FromAddress.Address);
    }

    public static string FeedToken(IDataProtectionProvider protection, string userId) => protection.CreateProtector(FeedPurpose).Protect(userId);

    public static void MapMeetingFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/Meetings/{id:int}.ics", async (int id, MeetingAccess meetings, IConfiguration configuration, HttpContext http, CancellationToken ct) =>
            {
                if (await meetings.MeetingAsync(id, ct) is not { } found) return Results.NotFound();
                if (found.Right == MeetingRight.None) return Results.Forbid();
                var ics = MeetingCalendar.Feed(found.Cluster.Name, [(found.Meeting, found.Cluster.Name)], Host(LinkBase(configuration, http.Request)));
                return Results.File(Encoding.UTF8.GetBytes(ics), CalendarType, $"meeting-{id}.ics");
            })
            .RequireAuthorization().ExcludeFromDescription();

        app.MapGet("/Meetings/{id:int}/Attendance.csv", async (int id, MeetingAccess meetings, KlyngeDbContext db, CancellationToken ct) =>
            {
                if (await meetings.MeetingAsync(id, ct) is not { } found) return Results.NotFound();
                if (!found.CanManage) return Results.Forbid();
                var csv = AttendanceList.Csv(await AttendanceList.LoadAsync(db, id, ct));
                var day = DanishTime.ToLocal(found.Meeting.StartsAt);
                return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"attendance-{id}-{day:yyyy-MM-dd}.csv");
            })
            .RequireAuthorization().ExcludeFromDescription();

        // Calendar programs cannot log in, so the feed is reached by a token: the user id protected with ASP.NET Data
        // Protection. It is checked here and the access rules are worked out afresh, so a member who leaves stops seeing meetings.
        app.MapGet("/Calendar/{token}.ics", async (string token, IDataProtectionProvider protection, UserManager<KlyngeUser> users, KlyngeDbContext db,
                IConfiguration configuration, HttpContext http, TimeProvider time, CancellationToken ct) =>
            {
                string userId;
                try { userId = protection.CreateProtector(FeedPurpose).Unprotect(token); }
                catch (CryptographicException) { return Results.NotFound(); }
                var user = await users.FindByIdAsync(userId);
                if (user is null) return Results.NotFound();
                var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
                var scope = await AccessScope.ForUserAsync(db, user, await users.GetRolesAsync(user), today, ct);
                var clusters = MeetingAccess.OwnClusters(scope);
                var since = time.GetUtcNow().UtcDateTime - FeedHistory;
                var rows = await db.Meetings.AsNoTracking().Where(m => clusters.Contains(m.ClusterId) && m.StartsAt >= since)
                    .Join(db.Clusters, m => m.ClusterId, c => c.Id, (m, c) => new { Meeting = m, c.Name })
                    .OrderBy(x => x.Meeting.StartsAt).ToListAsync(ct);
                var ics = MeetingCalendar.Feed("Klynge", rows.Select(r => (r.Meeting, r.Name)), Host(LinkBase(configuration, http.Request)));
                return Results.Text(ics, CalendarType);
            })
            .AllowAnonymous().ExcludeFromDescription();
    }
}
