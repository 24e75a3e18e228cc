namespace Klynge.Core.Data;

/// <summary>Where default folders (data, indicators, topics) live when the program runs from a checkout.</summary>
public static class Checkout
{
    /// <summary>
    /// <paramref name="name"/> in the checkout the program was built from (the folder holding <c>Klynge.slnx</c>,
    /// found by walking up from the binaries), else under the current folder.
    /// </summary>
    public static string Folder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Klynge.slnx"))) return Path.Combine(dir.FullName, name);
        }
        return Path.Combine(Environment.CurrentDirectory, name);
    }
}
