using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Clusters;

public class RolesModel(KlyngeDbContext db, RequestAccess access, ClusterAdministration admin, IStringLocalizer<SharedResource> l)
    : ClusterAdminPage(db, access)
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await AuthorizeAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(int id, int personId, ClusterRoleKind kind, DateOnly from, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        var result = await admin.AddRoleAsync(id, personId, kind, from, UserName, ct);
        return await AfterAsync(id, result, l["Rollen er tilføjet."], ct);
    }

    public async Task<IActionResult> OnPostEndAsync(int id, int roleId, DateOnly endOn, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        var result = await admin.EndRoleAsync(id, roleId, endOn, UserName, ct);
        return await AfterAsync(id, result, l["Rollen er afsluttet."], ct);
    }
}
