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

    /// <summary>Whether the package's snapshot is held now; for tests of the cache itself.</summary>
    public bool Contains(int packageId) => _cache.TryGetValue(packageId, out _);

    public void Dispose() => _cache.Dispose();
}
