using System.Globalization;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klynge.Web.Pages.Packages;

/// <summary>"Mine pakker": every package the user may see, by cluster.</summary>
public class IndexModel(PackageService packages, RequestAccess access, TopicLibrary library) : PageModel
{
    public IReadOnlyList<IGrouping<(int Id, string Name), PackageSummary>> Clusters { get; private set; } = [];
    public DateOnly Today => access.Today;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        var list = await packages.ListAsync(scope, null, access.Today, ct);
        Clusters = [.. list.GroupBy(p => (p.ClusterId, p.ClusterName)).OrderBy(g => g.Key.ClusterName, StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), false))];
    }

    public string TopicTitle(string topicId) => Klynge.Web.Packages.PackageLabels.Topic(library, topicId, CultureInfo.CurrentUICulture);
}
