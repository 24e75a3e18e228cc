using Klynge.Core.Access;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Web.Access;

/// <summary>The signed-in user's <see cref="AccessScope"/>, worked out once per request.</summary>
public class RequestAccess(IHttpContextAccessor http, UserManager<KlyngeUser> users, KlyngeDbContext db, TimeProvider time)
{
    private AccessScope? _scope;

    public DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    public async Task<AccessScope> GetAsync(CancellationToken ct = default)
    {
        if (_scope is not null) return _scope;
        // A request asks several queries, for the scope and then for the page; with the connection opened once,
        // they do not queue for the connection pool's lock one by one. The context closes it when it is disposed.
        await db.Database.OpenConnectionAsync(ct);
        var principal = http.HttpContext?.User;
        var user = principal is null ? null : await users.GetUserAsync(principal);
        _scope = user is null
            ? AccessScope.Anonymous
            : await AccessScope.ForUserAsync(db, user, await users.GetRolesAsync(user), Today, ct);
        return _scope;
    }
}
