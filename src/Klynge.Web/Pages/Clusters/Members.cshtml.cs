using Klynge.Core.Data;
using Klynge.Core.Registry;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Clusters;

public class MembersModel(KlyngeDbContext db, RequestAccess access, ClusterAdministration admin, IStringLocalizer<SharedResource> l)
    : ClusterAdminPage(db, access)
{
    public string? ProviderNumber { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await AuthorizeAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(int id, string providerNumber, DateOnly from, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        ProviderNumber = providerNumber;
        var result = await admin.AddPracticeAsync(id, providerNumber ?? "", from, UserName, ct);
        return await AfterAsync(id, result, string.Format(l["Praksis {0} er tilføjet."], providerNumber), ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int membershipId, DateOnly leaveOn, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, ct) is { } refused) return refused;
        var result = await admin.RemovePracticeAsync(id, membershipId, leaveOn, UserName, ct);
        return await AfterAsync(id, result, l["Praksis er udmeldt."], ct);
    }
}
