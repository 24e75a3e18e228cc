using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages;

/// <summary>
/// Shown for errors and status codes, also when a POST is re-executed here; it binds nothing, because
/// reading the form of a request that failed antiforgery validation would throw again.
/// </summary>
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    public int Code => int.TryParse(Request.Query["code"], out var code) ? code : 500;
}
