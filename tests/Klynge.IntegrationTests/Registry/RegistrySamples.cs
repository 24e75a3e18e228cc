using System.Text;

namespace Klynge.IntegrationTests.Registry;

/// <summary>The sample registry files in docs/samples/registry, as text to vary per test.</summary>
public record RegistrySamples(string Practices, string Clusters, string Memberships)
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "docs", "samples", "registry");

    public static RegistrySamples Load() => new(
        File.ReadAllText(Path.Combine(Folder, "practices.csv")),
        File.ReadAllText(Path.Combine(Folder, "clusters.csv")),
        File.ReadAllText(Path.Combine(Folder, "memberships.csv")));

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Replaces one physical line (1 = header) of a file's text.</summary>
    public static string ReplaceLine(string text, int line, string replacement)
    {
        var lines = text.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Klynge.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Klynge.slnx not found above the test folder.");
    }
}
