using Klynge.Core.Data;
using Klynge.Core.Prescribing;
using Klynge.Web.Access;
using Klynge.Web.Prescribing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Klynge.Web.Pages.Prescribing;

/// <summary>
/// Upload of dispensings or list size files, imported by the background worker; national analysts and admins
/// only (the files span every region). The files are streamed to disk, never buffered in memory.
/// </summary>
[IgnoreAntiforgeryToken(Order = 1001)]
[DisableFormValueModelBinding]
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public class ImportModel(
    KlyngeDbContext db, RequestAccess access, PrescribingImportQueue queue, IAntiforgery antiforgery,
    IOptions<AntiforgeryOptions> antiforgeryOptions, IStringLocalizer<SharedResource> L, TimeProvider time, ILogger<ImportModel> log) : PageModel
{
    /// <summary>A year of national dispensings is some tens of gigabytes as plain CSV.</summary>
    public const long MaxUploadBytes = 200L * 1024 * 1024 * 1024;
    public const int HistoryRows = 50;

    public string Kind { get; private set; } = PrescribingImporter.DispensingsKind;
    public bool IgnoreExtraColumns { get; private set; }
    public bool Recompute { get; private set; } = true;
    public List<string> Problems { get; } = [];
    public IReadOnlyList<ImportJobStatus> Jobs { get; private set; } = [];
    public IReadOnlyList<ImportRun> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await MayImportAsync(ct)) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await MayImportAsync(ct)) return Forbid();
        var id = Guid.NewGuid();
        var folder = queue.CreateJobFolder(id);
        var queued = false;
        try
        {
            var upload = await UploadReceiver.ReceiveAsync(HttpContext, antiforgery, antiforgeryOptions.Value, folder, ct);
            if (upload is null) return BadRequest();

            Kind = upload.Fields.GetValueOrDefault("kind") ?? "";
            IgnoreExtraColumns = upload.Fields.GetValueOrDefault("ignoreExtraColumns") == "true";
            Recompute = upload.Fields.GetValueOrDefault("recompute") == "true";
            if (Kind is not (PrescribingImporter.DispensingsKind or PrescribingImporter.ListSizesKind))
                Problems.Add(L["Vælg, om filerne er udleveringer eller listestørrelser."]);
            foreach (var refused in upload.Refused)
            {
                Problems.Add(refused.Duplicate
                    ? string.Format(L["{0}: to filer har samme navn; vælg hver fil én gang."], refused.Name)
                    : string.Format(L["{0}: kun .csv- og .csv.gz-filer kan indlæses."], refused.Name));
            }
            if (upload.Files.Count == 0 && upload.Refused.Count == 0) Problems.Add(L["Vælg mindst én fil."]);
            if (Problems.Count > 0)
            {
                await LoadAsync(ct);
                return Page();
            }

            var scope = await access.GetAsync(ct);
            queue.Enqueue(new PrescribingImportJob(id, Kind, folder, upload.Files, IgnoreExtraColumns, Recompute, scope.UserName, time.GetUtcNow().UtcDateTime));
            queued = true;
            return RedirectToPage("/Prescribing/ImportJob", new { id });
        }
        finally
        {
            // From here on the worker owns the folder and deletes it when the job ends.
            if (!queued) PrescribingImportQueue.DeleteFolder(folder, log);
        }
    }

    public static string QuarterRange(int first, int last)
    {
        if (first == 0) return "–";
        var from = Quarter.FromKey(first).ToString();
        return first == last ? from : $"{from} – {Quarter.FromKey(last)}";
    }

    /// <summary>A stored UTC time in the server's time zone, to the minute.</summary>
    public static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken ct)
    {
        Jobs = queue.Recent();
        History = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.ImportedAtUtc).ThenByDescending(r => r.Id).Take(HistoryRows).ToListAsync(ct);
    }

    private async Task<bool> MayImportAsync(CancellationToken ct) => (await access.GetAsync(ct)).CanImportNationalData;
}
