using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Clusters;

public class SettingsModel(KlyngeDbContext db, RequestAccess access, ClusterAdministration admin, IStringLocalizer<SharedResource> l)
    : ClusterAdminPage(db, access)
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await AuthorizeAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, DataSharing sharing, int? maxMissedMeetings, string? rules, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        var result = await admin.UpdateSettingsAsync(id, sharing, maxMissedMeetings, rules ?? "", UserName, ct);
        return await AfterAsync(id, result, l["Indstillingerne er gemt."], ct);
    }
}
