using System.Globalization;
using Klynge.Core.Packages;
using Klynge.Web.Packages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Packages;

/// <summary>The package as the standalone A4 document the PDF is printed from, without the site around it.</summary>
public class PrintModel(PackageAccess packages) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (opened, refusal) = await packages.OpenAsync(id, ct);
        if (opened is null) return refusal == PackageRefusal.NotFound ? NotFound() : Forbid();
        await packages.RecordAsync(opened, "print", ct);
        return Content(PackageDocument.Html(opened.View, CultureInfo.CurrentCulture), "text/html; charset=utf-8");
    }
}
