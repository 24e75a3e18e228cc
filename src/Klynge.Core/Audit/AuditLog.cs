using Klynge.Core.Data;

namespace Klynge.Core.Audit;

public static class AuditLog
{
    /// <summary>Adds an entry to the context, so it is saved in the same transaction as the change it describes.</summary>
    public static void Record(this KlyngeDbContext db, string userName, string action, string entityType, object entityId, string details = "") =>
        db.AuditEntries.Add(Entry(userName, action, entityType, entityId, details));

    /// <summary>An entry stamped now, for <see cref="Record"/> or, when nothing else changes, <see cref="AuditWriter"/>.</summary>
    public static AuditEntry Entry(string userName, string action, string entityType, object entityId, string details = "") => new()
    {
        AtUtc = DateTime.UtcNow,
        UserName = userName,
        Action = action,
        EntityType = entityType,
        EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        Details = details.Length > 4000 ? details[..4000] : details,
    };
}
