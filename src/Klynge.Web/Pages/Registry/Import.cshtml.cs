using System.Text;
using Klynge.Core.Data;
using Klynge.Core.Registry.Import;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Registry;

/// <summary>Upload of the three registry files; national analysts and admins only (the files span regions).</summary>
[RequestSizeLimit(200_000_000)]
public class ImportModel(KlyngeDbContext db, RequestAccess access) : PageModel
{
    public bool MayImport { get; private set; }
    public RegistryImportResult? Result { get; private set; }
    public string ErrorReportBase64 { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => MayImport = await MayImportAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? practices, IFormFile? clusters, IFormFile? memberships, bool ignoreExtraColumns, CancellationToken ct)
    {
        if (!await MayImportAsync(ct)) return Forbid();
        MayImport = true;
        if (practices is null || clusters is null || memberships is null)
        {
            var missing = new[] { ("practices.csv", practices), ("clusters.csv", clusters), ("memberships.csv", memberships) }
                .Where(f => f.Item2 is null)
                .Select(f => new ImportError(f.Item1, null, "", "", "no file was chosen"))
                .ToList();
            Result = RegistryImportResult.Failed(missing);
        }
        else
        {
            await using var p = practices.OpenReadStream();
            await using var c = clusters.OpenReadStream();
            await using var m = memberships.OpenReadStream();
            var options = new RegistryImportOptions
            {
                IgnoreExtraColumns = ignoreExtraColumns,
                PracticesFileName = practices.FileName,
                ClustersFileName = clusters.FileName,
                MembershipsFileName = memberships.FileName,
                Today = access.Today,
            };
            Result = await RegistryImporter.ImportAsync(db, p, c, m, options, User.Identity?.Name ?? "", ct);
        }
        if (!Result.Succeeded)
        {
            using var writer = new StringWriter();
            ImportError.WriteCsv(writer, Result.Errors);
            ErrorReportBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(writer.ToString()));
        }
        return Page();
    }

    private async Task<bool> MayImportAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        return scope.IsAdmin || scope.IsNationalAnalyst;
    }
}
