using Klynge.Core.Audit;
using Klynge.Core.Data;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Practices;

public class DetailsModel(KlyngeDbContext db, RequestAccess access, PracticeAdministration admin, AuditWriter audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public Practice Practice { get; private set; } = null!;
    public IReadOnlyList<ClusterMembership> Memberships { get; private set; } = [];
    public IReadOnlyList<PracticeAffiliation> Staff { get; private set; } = [];
    public DataSharingConsent? Consent { get; private set; }
    /// <summary>The practice's own agreed actions, and the open actions of its current clusters that concern every practice.</summary>
    public IReadOnlyList<AgreedAction> Actions { get; private set; } = [];
    public bool CanManage { get; private set; }
    /// <summary>Whether the list size is shown: not to a coordinator of a closed cluster looking at a peer.</summary>
    public bool CanSeeListSize { get; private set; }
    public DateOnly Today => access.Today;
    private string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        await audit.WriteAsync(AuditLog.Entry(UserName, "practice.view", "practice", id), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(int id, string? firstName, string? lastName, string? email, PracticeRole role, DateOnly from, bool takesPart, CancellationToken ct)
    {
        if (await LoadAsync(id, ct, manage: true) is { } refused) return refused;
        var result = await admin.AddPersonAsync(id, new PracticeAdministration.NewPerson(firstName ?? "", lastName ?? "", email, role, from, takesPart), UserName, ct);
        return await AfterAsync(id, result, l["Personen er tilføjet."], ct);
    }

    public async Task<IActionResult> OnPostEndAsync(int id, int affiliationId, DateOnly endOn, CancellationToken ct)
    {
        if (await LoadAsync(id, ct, manage: true) is { } refused) return refused;
        var result = await admin.EndAffiliationAsync(id, affiliationId, endOn, UserName, ct);
        return await AfterAsync(id, result, l["Tilknytningen er afsluttet."], ct);
    }

    public async Task<IActionResult> OnPostConsentAsync(int id, bool given, CancellationToken ct)
    {
        if (await LoadAsync(id, ct, manage: true) is { } refused) return refused;
        var result = await admin.RecordConsentAsync(id, given, Today, UserName, ct);
        return await AfterAsync(id, result, given ? l["Samtykket er givet."] : l["Samtykket er trukket tilbage."], ct);
    }

    private async Task<IActionResult> AfterAsync(int id, RegistryCommandResult result, string done, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData["Message"] = done;
            return RedirectToPage(new { id });
        }
        ModelState.AddModelError(string.Empty, result.Error!);
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct, bool manage = false)
    {
        var practice = await db.Practices.AsNoTracking().Include(p => p.Municipality).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (practice is null) return NotFound();
        var memberships = await db.ClusterMemberships.AsNoTracking().Include(m => m.Cluster)
            .Where(m => m.PracticeId == id).OrderByDescending(m => m.ValidFrom).ToListAsync(ct);
        var scope = await access.GetAsync(ct);
        var currentClusters = memberships.Where(m => m.IsValidOn(Today)).Select(m => m.ClusterId);
        if (!scope.CanViewPractice(id, practice.Municipality!.RegionCode, currentClusters)) return Forbid();
        CanManage = scope.CanManagePractice(id);
        CanSeeListSize = scope.CanSeeListSize(id, practice.Municipality.RegionCode, memberships.Where(m => m.IsValidOn(Today)).Select(m => m.Cluster!));
        if (manage && !CanManage) return Forbid();

        Practice = practice;
        Memberships = memberships;
        // Roles are stored as text; order by the enum (owners first) in memory.
        Staff = (await db.PracticeAffiliations.AsNoTracking().Include(a => a.Person)
                .Where(a => a.PracticeId == id)
                .ToListAsync(ct))
            .OrderBy(a => a.ValidTo.HasValue).ThenBy(a => a.Role).ThenBy(a => a.Person!.LastName, StringComparer.Ordinal)
            .ToList();
        Consent = await PracticeAdministration.ConsentOnAsync(db, id, Today, ct);
        var clusters = currentClusters.ToList();
        Actions = await db.AgreedActions.AsNoTracking()
            .Where(a => a.PracticeId == id || (a.PracticeId == null && a.Status == ActionStatus.Open && clusters.Contains(a.ClusterId)))
            .OrderBy(a => a.Status).ThenBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenBy(a => a.Id).ToListAsync(ct);
        return null;
    }
}
