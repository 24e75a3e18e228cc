using Microsoft.AspNetCore.Identity;

namespace Klynge.Core.Access;

/// <summary>A log-in. What it may see follows from its roles and from the scope fields below.</summary>
public class KlyngeUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The registry person behind a GP, staff or coordinator log-in.</summary>
    public int? PersonId { get; set; }
    /// <summary>Analysts: the region they work for; empty means national. Partners: their region, if a region.</summary>
    public int? RegionCode { get; set; }
    /// <summary>Partners from a municipality.</summary>
    public int? MunicipalityCode { get; set; }
    public string PreferredCulture { get; set; } = "da";
}

public static class Roles
{
    public const string Gp = "gp";
    public const string Staff = "staff";
    public const string Coordinator = "coordinator";
    public const string Analyst = "analyst";
    public const string Partner = "partner";
    public const string Admin = "admin";

    public static readonly string[] All = [Gp, Staff, Coordinator, Analyst, Partner, Admin];
}
