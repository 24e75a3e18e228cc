namespace Klynge.Core.Audit;

/// <summary>One change or sensitive view: who did what to which thing, and when.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string EntityId { get; set; } = "";
    public string Details { get; set; } = "";
}
