using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Pages.Coordination;

/// <summary>One of the user's open tasks, with its cluster, and whether the user may still work on it there.</summary>
public sealed record MyTask(ClusterTask Task, string ClusterName, bool CanWork);

/// <summary>
/// "Mine opgaver": the signed-in person's open tasks in every cluster, and links to the desks they may open.
/// Shows only the user's own tasks, so every signed-in user may open it; those without tasks see an empty list.
/// </summary>
public class TasksModel(KlyngeDbContext db, RequestAccess access, ClusterCoordination coordination) : PageModel
{
    public IReadOnlyList<MyTask> Tasks { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Desks { get; private set; } = [];
    public DateOnly Today => access.Today;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await access.GetAsync(ct);
        var desks = scope.DeskClusters;
        var tasks = scope.PersonId is int person ? await coordination.OpenTasksOfAsync(person, ct) : [];
        var clusterIds = tasks.Select(t => t.ClusterId).Concat(desks).Distinct().ToList();
        var names = await db.Clusters.AsNoTracking().Where(c => clusterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        Tasks = tasks.Select(t => new MyTask(t, names[t.ClusterId], scope.CanUseDesk(t.ClusterId))).ToList();
        Desks = desks.Select(id => (id, names[id])).OrderBy(d => d.Item2, StringComparer.Ordinal).ToList();
    }
}
