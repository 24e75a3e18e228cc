using System.Text;
using Klynge.Core.Registry.Import;
using Klynge.Web.Access;
using Klynge.Web.Prescribing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Prescribing;

/// <summary>One import job: its phase and progress while it runs, then its result or its errors.</summary>
public class ImportJobModel(RequestAccess access, PrescribingImportQueue queue) : PageModel
{
    public const int ErrorsShown = 200;

    public ImportJobStatus Job { get; private set; } = null!;

    /// <summary>A file size in kB, MB or GB, with the page's number format.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1 << 20 => $"{bytes / 1024.0:N1} kB",
        < 1 << 30 => $"{bytes / 1048576.0:N1} MB",
        _ => $"{bytes / 1073741824.0:N2} GB",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!(await access.GetAsync(ct)).CanImportNationalData) return Forbid();
        if (queue.Find(id) is not { } job) return NotFound();
        Job = job.Status();
        return Page();
    }

    /// <summary>The rejected job's errors as CSV (file, line, column, value, reason), as many as the importer kept.</summary>
    public async Task<IActionResult> OnGetErrorsAsync(Guid id, CancellationToken ct)
    {
        if (!(await access.GetAsync(ct)).CanImportNationalData) return Forbid();
        if (queue.Find(id)?.Status() is not { Import: { Succeeded: false } result } job) return NotFound();
        using var writer = new StringWriter();
        ImportError.WriteCsv(writer, result.Errors);
        return File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", $"{job.Kind}-import-errors.csv");
    }
}
