using System.Globalization;

namespace Klynge.Core.Prescribing;

/// <summary>A calendar quarter, written <c>YYYY-Qn</c>; stored as the number <c>YYYY*10+n</c> so it sorts.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public static Quarter Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public DateOnly FirstDay => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);
    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;
    public Quarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);
    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);

    public int ToKey() => Year * 10 + Number;
    public static Quarter FromKey(int key) => new(key / 10, key % 10);

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is not { Length: 7 } || text[4] != '-' || text[5] is not ('Q' or 'q')) return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1900) return false;
        var n = text[6] - '0';
        if (n is < 1 or > 4) return false;
        quarter = new Quarter(year, n);
        return true;
    }

    public static Quarter Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not a quarter like 2024-Q1.");

    public int CompareTo(Quarter other) => ToKey().CompareTo(other.ToKey());
    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;
    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-Q{Number}";
}
