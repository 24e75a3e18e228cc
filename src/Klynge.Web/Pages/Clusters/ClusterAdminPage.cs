using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Clusters;

/// <summary>
/// Base of the pages that change a cluster: loads it and refuses anyone who may not manage it,
/// on GET and on every POST, before any change is made.
/// </summary>
public abstract class ClusterAdminPage(KlyngeDbContext db, RequestAccess access) : PageModel
{
    public ClusterDetail Detail { get; private set; } = null!;
    public DateOnly Today => access.Today;
    protected string UserName => User.Identity?.Name ?? "";

    /// <summary>Null when the user may manage the cluster, else the result to return.</summary>
    protected async Task<IActionResult?> AuthorizeAsync(int id, CancellationToken ct)
    {
        var detail = await ClusterDetails.LoadAsync(db, id, access.Today, ct);
        if (detail is null) return NotFound();
        var scope = await access.GetAsync(ct);
        if (!scope.CanManageCluster(detail.Cluster)) return Forbid();
        Detail = detail;
        return null;
    }

    protected async Task<IActionResult> AfterAsync(int id, RegistryCommandResult result, string done, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData["Message"] = done;
            return RedirectToPage(new { id });
        }
        ModelState.AddModelError(string.Empty, result.Error!);
        return await AuthorizeAsync(id, ct) ?? Page();
    }
}
