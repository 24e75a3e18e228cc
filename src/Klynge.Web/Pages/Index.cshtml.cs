using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages;

public class IndexModel(ClusterDirectory directory, RequestAccess access) : PageModel
{
    public NationalFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Figures = await directory.NationalAsync(access.Today, ct);
}
