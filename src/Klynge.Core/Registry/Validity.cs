namespace Klynge.Core.Registry;

/// <summary>
/// Periods in the registry run from a first day up to, but not including, an end day
/// (<c>ValidTo</c> is the first day no longer covered); an empty end means still valid.
/// </summary>
public static class Validity
{
    public static bool Covers(DateOnly from, DateOnly? to, DateOnly day) => from <= day && (to is null || to > day);

    public static bool Overlaps(DateOnly fromA, DateOnly? toA, DateOnly fromB, DateOnly? toB) =>
        (toB is null || fromA < toB) && (toA is null || fromB < toA);
}
