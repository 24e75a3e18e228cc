namespace Klynge.Core.Registry;

/// <summary>The outcome of a registry change: done, or refused with a reason the user can act on.</summary>
public record RegistryCommandResult(bool Succeeded, string? Error)
{
    public static RegistryCommandResult Ok { get; } = new(true, null);
    public static RegistryCommandResult Fail(string error) => new(false, error);
}
