using System.Globalization;
using Klynge.Core.Funds;
using Klynge.Core.Meetings;

namespace Klynge.Web.Funds;

/// <summary>Danish names and number formats for the cluster's funds and reports.</summary>
public static class FundsText
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public static string Of(ExpenseCategory category) => category switch
    {
        ExpenseCategory.Venue => "Lokale",
        ExpenseCategory.Food => "Forplejning",
        ExpenseCategory.Speaker => "Oplægsholder",
        _ => "Andet",
    };

    public static string Of(ReimbursementStatus status) => status switch
    {
        ReimbursementStatus.Submitted => "Indsendt",
        ReimbursementStatus.Approved => "Godkendt",
        ReimbursementStatus.Reimbursed => "Udbetalt",
        _ => "Afvist",
    };

    public static string Of(ActivityReportStatus status) => status == ActivityReportStatus.Draft ? "Kladde" : "Indsendt";

    /// <summary>Kroner the Danish way, e.g. <c>1.234,50 kr.</c>, whatever the page's language, since the amounts are Danish.</summary>
    public static string Kroner(decimal amount) => amount.ToString("N2", Danish) + " kr.";

    /// <summary>A share as a whole percent, or a dash when there is nothing to divide by.</summary>
    public static string Percent(double? share) => share is double s ? s.ToString("P0", Danish) : "–";

    /// <summary>
    /// Reads an amount typed as <c>1.234,50</c>, <c>1234,50</c> or <c>1234.50</c>. A comma is the decimal mark when
    /// present; without one, a single dot followed by one or two digits is read as a decimal point.
    /// </summary>
    public static bool TryParseKroner(string? text, out decimal amount)
    {
        amount = 0;
        var s = (text ?? "").Trim().Replace(" ", "").Replace("\u00A0", "");
        if (s.EndsWith("kr.", StringComparison.OrdinalIgnoreCase)) s = s[..^3];
        else if (s.EndsWith("kr", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        if (s.Length == 0) return false;
        if (s.Contains(','))
            return decimal.TryParse(s.Replace(".", "").Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount);
        var dot = s.LastIndexOf('.');
        if (dot >= 0 && s.Count(c => c == '.') == 1 && s.Length - dot - 1 is 1 or 2)
            return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount);
        return decimal.TryParse(s.Replace(".", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out amount);
    }
}
