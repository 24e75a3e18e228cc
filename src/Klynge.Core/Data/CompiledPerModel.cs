using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Klynge.Core.Data;

/// <summary>
/// A compiled EF query for each model it is used with. A compiled query is bound to the model it first ran against,
/// and each database provider has its own model, so one process that talks to SQLite and PostgreSQL (the tests,
/// a migration between the two) needs one per model.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = new();

    public TQuery For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
