using System.Globalization;
using Klynge.Core.Packages;
using Klynge.Web.Access;
using Klynge.Web.Packages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Packages;

/// <summary>
/// One package in the site: the same body as the print view, and for those who may prepare it the draft status,
/// publishing and follow-up.
/// </summary>
public class DetailsModel(PackageAccess packages, PackageService service, RequestAccess access, TimeProvider time, IConfiguration configuration, IStringLocalizer<SharedResource> l) : PageModel
{
    public OpenedPackage Opened { get; private set; } = null!;
    public PackageView View => Opened.View;
    public DateOnly Today => access.Today;
    public string Body => packages.Body(Opened, CultureInfo.CurrentCulture);
    [TempData] public string? Notice { get; set; }
    public string? Problem { get; private set; }

    [BindProperty] public DateOnly? PublishOn { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        await packages.RecordAsync(Opened, "page", ct);
        PublishOn ??= View.PublishOn is { } on && on >= Today ? on : Today;
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (!Opened.CanPrepare) return Forbid();
        if (PublishOn is not { } on)
        {
            ModelState.AddModelError(nameof(PublishOn), l["Angiv en dato."]);
            return await ShowAsync(ct);
        }
        try
        {
            var scope = await access.GetAsync(ct);
            var queued = await service.PublishAsync(id, on, scope.UserName, LinkBase(), time.GetUtcNow(), ct);
            Notice = string.Format(l["Pakken offentliggøres {0}; {1} e-mails er sat i kø."], on.ToString("d", CultureInfo.CurrentCulture), queued);
            return Redirect($"/Packages/{id}");
        }
        catch (PackageException e)
        {
            Problem = string.Format(l["Pakken kunne ikke offentliggøres: {0}"], e.Message);
            return await ShowAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostFollowUpAsync(int id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } refused) return refused;
        if (!Opened.CanPrepare) return Forbid();
        try
        {
            var scope = await access.GetAsync(ct);
            var followUp = await service.FollowUpAsync(id, scope.UserName, time.GetUtcNow(), ct: ct);
            return Redirect($"/Packages/{followUp.Id}");
        }
        catch (PackageException e)
        {
            Problem = string.Format(l["Der kunne ikke laves en opfølgning: {0}"], e.Message);
            return await ShowAsync(ct);
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        await packages.RecordAsync(Opened, "page", ct);
        return Page();
    }

    private async Task<IActionResult?> OpenAsync(int id, CancellationToken ct)
    {
        var (opened, refusal) = await packages.OpenAsync(id, ct);
        if (opened is null) return refusal == PackageRefusal.NotFound ? NotFound() : Forbid();
        Opened = opened;
        return null;
    }

    // The link in the e-mail: the configured public address, else the address this request came in on.
    private string LinkBase() => configuration["Klynge:PublicUrl"] is { Length: > 0 } url ? url : $"{Request.Scheme}://{Request.Host}";
}
