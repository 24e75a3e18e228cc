using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages;

/// <summary>Takes a GP, staff member or coordinator straight to their cluster.</summary>
public class MyClusterModel(RequestAccess access) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        var cluster = scope.CoordinatedClusters.Concat(scope.MemberClusters).Order().FirstOrDefault();
        return cluster == 0 ? Page() : Redirect($"/Clusters/{cluster}");
    }
}
