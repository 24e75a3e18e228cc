using Klynge.Core.Packages;
using Microsoft.Extensions.Caching.Memory;

namespace Klynge.Web.Packages;

/// <summary>
/// Deserialised package snapshots by package id. A snapshot never changes once written, so an entry never goes
/// stale; the cache is bounded by the JSON's size (about half a megabyte per package) and evicts the least used.
/// It has its own <see cref="MemoryCache"/> so its size limit does not force sizes on other caches.
/// </summary>
public sealed class PackageSnapshotCache(IConfiguration configuration) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue("Klynge:Packages:CacheMegabytes", 64L) * 1024 * 1024,
        CompactionPercentage = 0.25,
    });

    /// <summary>The snapshot of package <paramref name="packageId"/>, reading its JSON only when it is not cached.</summary>
    public async Task<PackageSnapshot> GetAsync(int packageId, Func<CancellationToken, Task<string>> readJson, CancellationToken ct = default)
    {
        if (_cache.TryGetValue(packageId, out PackageSnapshot? cached) && cached is not null) return cached;
        var json = await readJson(ct);
        var snapshot = PackageSnapshot.FromJson(json);
        _cache.Set(packageId, snapshot, new MemoryCacheEntryOptions { Size = Math.Max(1, json.Length) });
        return snapshot;
    }

    /// <summary>
    /// A view of a package, or its rendered HTML, made once per <paramref name="key"/>. The key must name everything
    /// the result depends on besides the immutable snapshot: audience, own practices, publishing date, culture.
    /// Working out the talking points' funnel limits and rendering the document are most of a page view's cost.
    /// </summary>
    public T Derived<T>(string key, Func<T> make, Func<T, long> size) where T : class
    {
        if (_cache.TryGetValue(key, out T? cached) && cached is not null) return cached;
        var made = make();
        _cache.Set(key, made, new MemoryCacheEntryOptions { Size = Math.Max(1, size(made)) });
        return made;
    }

    /// <summary>Whether a derived entry is held now, so that what only a miss needs is not read.</summary>
    public bool HasDerived(string key) => _cache.TryGetValue(key, out _);

    /// <summary>Whether the package's snapshot is held now; for tests of the cache itself.</summary>
    public bool Contains(int packageId) => _cache.TryGetValue(packageId, out _);

    public void Dispose() => _cache.Dispose();
}
