using System.Globalization;
using Klynge.Core.Data;
using Klynge.Core.Packages;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Printing;

/// <summary>
/// Package PDFs: which stored print a viewer gets, what it is called, and printing it when it is not stored yet.
/// The print is always Danish, so one stored PDF serves every viewer of the same audience.
/// </summary>
public static class PackagePdfs
{
    public const string ClusterAudience = "cluster";
    public const string AnalystAudience = "analyst";
    public const string PracticeAudiencePrefix = "practice-";

    public static readonly CultureInfo Culture = new("da-DK");

    /// <summary>
    /// The stored print a viewer gets: analysts' (every practice named), one own practice's (named to its members),
    /// or the cluster's (peers as the cluster shares them, no practice named as own). Null for partners, who get no
    /// PDF: their view has no practice data and reads the same on screen.
    /// </summary>
    public static string? AudienceKey(PackageAudience audience, PackageSnapshot snapshot, IReadOnlySet<int> ownPractices)
    {
        if (audience == PackageAudience.Partner) return null;
        if (audience == PackageAudience.Analyst) return AnalystAudience;
        var own = snapshot.Practices.Where(p => ownPractices.Contains(p.Id)).Select(p => p.ProviderNumber).Order(StringComparer.Ordinal).ToList();
        return own.Count == 0 ? ClusterAudience : PracticeAudiencePrefix + string.Join('+', own);
    }

    /// <summary>The own practices the audience key stands for, so that the stored PDF is the one it was printed for.</summary>
    public static IReadOnlySet<int> OwnPracticesOf(string audienceKey, PackageSnapshot snapshot)
    {
        if (!audienceKey.StartsWith(PracticeAudiencePrefix, StringComparison.Ordinal)) return new HashSet<int>();
        var numbers = audienceKey[PracticeAudiencePrefix.Length..].Split('+').ToHashSet(StringComparer.Ordinal);
        return snapshot.Practices.Where(p => numbers.Contains(p.ProviderNumber)).Select(p => p.Id).ToHashSet();
    }

    /// <summary>
    /// The audience a stored print is made for, whoever asked first: a coordinator and a member of the same practice
    /// share one PDF, as they see the same.
    /// </summary>
    public static PackageAudience PrintedAudience(string audienceKey) =>
        audienceKey == AnalystAudience ? PackageAudience.Analyst
        : audienceKey.StartsWith(PracticeAudiencePrefix, StringComparison.Ordinal) ? PackageAudience.Member
        : PackageAudience.Coordinator;

    /// <summary><c>klyngepakke-&lt;topic&gt;-&lt;cut-off&gt;.pdf</c>, with <c>-opfoelgning</c> for a follow-up.</summary>
    public static string FileName(ClusterPackage package, PackageSnapshot snapshot) =>
        $"klyngepakke-{snapshot.Topic.Id}-{snapshot.CutOff.ToLowerInvariant()}{(package.Kind == PackageKind.FollowUp ? "-opfoelgning" : "")}.pdf";

    public static PrintHeader Header(PackageView view) => new(view.ClusterName, view.Topic.Title.In(Culture), view.CutOff);

    /// <summary>Prints one view of a package.</summary>
    public static Task<byte[]> PrintAsync(PackagePrinter printer, PackageView view, string webRoot, CancellationToken ct = default) =>
        printer.PrintAsync(new PrintDocument(Shell, PackageDocument.Title(view, Culture), PackageDocument.Body(view, Culture)), webRoot, Header(view), ct);

    /// <summary>Starts the printer and loads the package shell, so the first package PDF prints as fast as the next.</summary>
    public static Task WarmUpAsync(PackagePrinter printer, string webRoot, CancellationToken ct = default) =>
        printer.WarmUpAsync(Shell, webRoot, ct);

    /// <summary>
    /// The stored PDF of the package for the audience, printed and stored first when there is none. Two viewers
    /// asking at once may both print; the second store is dropped, as the two prints are of the same snapshot.
    /// </summary>
    public static async Task<byte[]> GetOrPrintAsync(KlyngeDbContext db, PackagePrinter printer, ClusterPackage package, PackageSnapshot snapshot,
        string audienceKey, string webRoot, DateTimeOffset now, CancellationToken ct = default)
    {
        var stored = await db.PackagePdfs.AsNoTracking()
            .Where(p => p.PackageId == package.Id && p.Audience == audienceKey)
            .Select(p => p.Content)
            .FirstOrDefaultAsync(ct);
        if (stored is not null) return stored;

        var audience = PrintedAudience(audienceKey);
        var earlier = audience == PackageAudience.Analyst ? [] : (await PackageDisclosure.HistoryAsync(db, package, snapshot, ct)).SkipLast(1).ToList();
        var view = PackageProjection.For(package, snapshot, audience, OwnPracticesOf(audienceKey, snapshot), earlier);
        var pdf = await PrintAsync(printer, view, webRoot, ct);
        var row = new PackagePdf { PackageId = package.Id, Audience = audienceKey, Content = pdf, CreatedAtUtc = now.UtcDateTime };
        db.PackagePdfs.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            if (!await db.PackagePdfs.AsNoTracking().AnyAsync(p => p.PackageId == package.Id && p.Audience == audienceKey, ct)) throw;
        }
        return pdf;
    }

    // Every package is printed in the same Danish shell; its assets are linked from the root of the printer's origin
    // (the web root).
    private static readonly string Shell = PackageDocument.Shell(Culture);
}
