using System.Globalization;
using Klynge.Core.Indicators;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Indicators;

/// <summary>
/// Danish words for an indicator's kind, unit, topic tags and definition; the English texts are in the shared
/// resource file. Authored texts (title, description, why it matters) come in both languages from the file itself.
/// </summary>
public static class IndicatorText
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The authored text in the UI language.</summary>
    public static string Of(LocalizedText? text) => text is null ? "" : English ? text.En : text.Da;

    public static string Kind(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Volume => "Forbrug (DDD)",
        IndicatorKind.Users => "Brugere",
        IndicatorKind.Dispensings => "Udleveringer",
        IndicatorKind.Share => "Andel",
        IndicatorKind.LongTermUsers => "Langvarige brugere",
        IndicatorKind.HighDoseUsers => "Brugere med høj dosis",
        IndicatorKind.ConcurrentUsers => "Samtidige brugere",
        _ => "Polyfarmaci",
    };

    public static string Unit(string unit) => unit switch
    {
        "ddd_per_1000_per_day" => "DDD pr. 1.000 tilmeldte pr. dag",
        "per_1000_per_year" => "pr. 1.000 tilmeldte pr. år",
        "percent" => "procent",
        "per_1000" => "pr. 1.000 tilmeldte",
        _ => unit,
    };

    /// <summary>Danish names of the catalogue's topic tags; a tag without one is shown as written.</summary>
    public static string Tag(string tag) => tag switch
    {
        "antibiotics" => "antibiotika",
        "antipsychotics" => "antipsykotika",
        "asthma" => "astma",
        "benzodiazepines" => "benzodiazepiner",
        "broad-spectrum" => "bredspektret",
        "cardiovascular" => "hjerte-kar",
        "children" => "børn",
        "copd" => "KOL",
        "dementia" => "demens",
        "dependency" => "afhængighed",
        "diabetes" => "diabetes",
        "dose" => "dosis",
        "eyes" => "øjne",
        "gabapentinoids" => "gabapentinoider",
        "hypnotics" => "sovemidler",
        "interaction" => "interaktion",
        "long-term" => "langvarig brug",
        "medication-review" => "medicingennemgang",
        "narrow-spectrum" => "smalspektret",
        "nsaid" => "NSAID",
        "older-people" => "ældre patienter",
        "opioids" => "opioider",
        "pain" => "smerter",
        "polypharmacy" => "mange lægemidler",
        "ppi" => "PPI",
        "resistance" => "resistens",
        "respiratory" => "luftveje",
        "urinary-tract" => "urinveje",
        "women" => "kvindesundhed",
        _ => tag,
    };

    /// <summary>What is counted over what, in plain words.</summary>
    public static string Definition(IndicatorDefinition d, IStringLocalizer L) => d.Kind switch
    {
        IndicatorKind.Volume => L["Definerede døgndoser (DDD) af lægemidlerne i tælleren pr. 1.000 tilmeldte patienter pr. dag i kvartalet."],
        IndicatorKind.Users => L["Patienter, der har fået lægemidlerne i tælleren udleveret i kvartalet (flere pakninger end returneret), pr. 1.000 tilmeldte patienter."],
        IndicatorKind.Dispensings => L["Udleveringer af lægemidlerne i tælleren pr. 1.000 tilmeldte patienter pr. år: kvartalets udleveringer gange fire, og en returnering tæller minus én."],
        IndicatorKind.Share => d.ShareBasis switch
        {
            ShareBy.Users => L["Brugere af lægemidlerne i tælleren i procent af brugere af lægemidlerne i nævneren i samme kvartal."],
            ShareBy.Ddd => L["Definerede døgndoser (DDD) af lægemidlerne i tælleren i procent af DDD af lægemidlerne i nævneren."],
            _ => L["Udleveringer af lægemidlerne i tælleren i procent af udleveringer af lægemidlerne i nævneren."],
        },
        IndicatorKind.LongTermUsers => string.Format(CultureInfo.CurrentCulture,
            L["Patienter, der har været brugere af lægemidlerne i tælleren i mindst {0} af de seneste {1} kvartaler i samme praksis, pr. 1.000 tilmeldte patienter."],
            d.Parameters.K, d.Parameters.N),
        IndicatorKind.HighDoseUsers => string.Format(CultureInfo.CurrentCulture,
            L["Brugere af lægemidlerne i tælleren, hvis samlede DDD i kvartalet delt med kvartalets dage er over {0} DDD pr. dag, pr. 1.000 tilmeldte patienter."],
            d.Parameters.ThresholdDddPerDay),
        IndicatorKind.ConcurrentUsers => L["Patienter, der i samme kvartal er brugere af både lægemidlerne i tælleren og lægemidlerne i gruppe B, pr. 1.000 tilmeldte patienter."],
        _ => string.Format(CultureInfo.CurrentCulture,
            L["Patienter, der i kvartalet har fået mindst {0} forskellige lægemidler (ATC-niveau 5) blandt koderne i tælleren, pr. 1.000 tilmeldte patienter."],
            d.Parameters.MinDistinct),
    };

    /// <summary>The age and sex filter in words, e.g. "Kvinder, 65 år og derover".</summary>
    public static string Population(IndicatorDefinition d, IStringLocalizer L)
    {
        string sex = d.Sex switch { "F" => L["Kvinder"], "M" => L["Mænd"], _ => L["Alle patienter"] };
        string? age = (d.AgeFrom, d.AgeTo) switch
        {
            (null or 0, null) => null,
            (var from, null) => string.Format(CultureInfo.CurrentCulture, L["{0} år og derover"], from),
            (null or 0, var to) => string.Format(CultureInfo.CurrentCulture, L["0-{0} år"], to),
            (var from, var to) => string.Format(CultureInfo.CurrentCulture, L["{0}-{1} år"], from, to),
        };
        return age is null ? sex : $"{sex}, {age}";
    }

    /// <summary>Whether a low or a high value is the better one.</summary>
    public static string Direction(bool? lowIsGood, IStringLocalizer L) => lowIsGood switch
    {
        true => L["Lav værdi er bedst"],
        false => L["Høj værdi er bedst"],
        null => L["Hverken høj eller lav er bedst"],
    };

    public static string Target(IndicatorTarget? target, string unit, IStringLocalizer L) => target is null
        ? L["Intet mål"]
        : string.Format(CultureInfo.CurrentCulture, target.Direction == "below" ? L["Under {0}"] : L["Over {0}"], Value(target.Value, unit));

    /// <summary>An indicator value for reading: one decimal, two below 10, a percent sign for shares; a dash when missing.</summary>
    public static string Value(double? value, string unit) =>
        value is { } v ? Value(v, unit, Math.Abs(v) < 10 ? 2 : 1) : "–";

    /// <summary>An indicator value with a fixed number of decimals, so a column of figures lines up.</summary>
    public static string Value(double? value, string unit, int decimals)
    {
        if (value is not { } v) return "–";
        var text = v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);
        return unit == "percent" ? text + " %" : text;
    }

    /// <summary>Decimals the chart uses, the same rule as <see cref="Value"/> applied to the series' largest value.</summary>
    public static int Decimals(IEnumerable<double?> values) => values.Any(v => v is { } x && Math.Abs(x) >= 10) ? 1 : 2;
}
