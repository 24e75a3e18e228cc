using System.Text;
using Klynge.Core.Csv;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Meetings;

/// <summary>One line of a meeting's attendance list.</summary>
public sealed record AttendanceRow(string Name, string Practice, InviteeKind Kind, RsvpResponse Response, bool Attended);

/// <summary>The attendance list of a meeting, printed or exported as CSV for the administration.</summary>
public static class AttendanceList
{
    public static readonly string[] Header = ["name", "practice", "kind", "answer", "attended"];

    public static async Task<IReadOnlyList<AttendanceRow>> LoadAsync(KlyngeDbContext db, int meetingId, CancellationToken ct)
    {
        var invitations = await db.MeetingInvitations.AsNoTracking().Where(i => i.MeetingId == meetingId).ToListAsync(ct);
        var practiceIds = invitations.Select(i => i.PracticeId).OfType<int>().Distinct().ToList();
        var practices = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return invitations
            .Select(i => new AttendanceRow(i.Name, i.PracticeId is int p ? practices.GetValueOrDefault(p, "") : i.Organisation, i.Kind, i.Response, i.AttendedAtUtc is not null))
            .OrderBy(r => r.Practice, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>RFC 4180 CSV with English column names and codes, so a spreadsheet or a script reads it the same way.</summary>
    public static string Csv(IEnumerable<AttendanceRow> rows)
    {
        using var writer = new StringWriter(new StringBuilder());
        CsvWriter.WriteRow(writer, Header);
        foreach (var r in rows)
            CsvWriter.WriteRow(writer, r.Name, r.Practice, r.Kind.ToString().ToLowerInvariant(), r.Response.ToString().ToLowerInvariant(), r.Attended ? "yes" : "no");
        return writer.ToString();
    }
}
