using System.Globalization;
using Klynge.Core.Indicators;

namespace Klynge.Core.Packages;

/// <summary>
/// The fixed words of a package document in Danish and English. Core has no resource files, and the package is
/// printed outside any web request, so its texts live here; authored texts come from the topic and indicators.
/// </summary>
public sealed class PackageText
{
    public static PackageText Danish { get; } = new(english: false);
    public static PackageText English { get; } = new(english: true);

    /// <summary>English for English cultures, else Danish.</summary>
    public static PackageText For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? English : Danish;

    private readonly bool _en;

    private PackageText(bool english) => _en = english;

    private string T(string da, string en) => _en ? en : da;

    public string Language => T("da", "en");
    public string ClusterPackage => T("Klyngepakke", "Cluster package");
    public string FollowUpPackage => T("Opfølgning", "Follow-up");
    public string Draft => T("Kladde: ikke offentliggjort endnu", "Draft: not published yet");
    public string Cluster => T("Klynge", "Cluster");
    public string Region => T("Region", "Region");
    public string Country => T("Landet", "Country");
    public string DataUpTo => T("Data til og med", "Data up to");
    public string Meeting => T("Møde", "Meeting");
    public string Published => T("Offentliggjort", "Published");
    public string Generated => T("Dannet", "Generated");
    public string Introduction => T("Introduktion", "Introduction");
    public string WhyItMatters => T("Hvorfor det er vigtigt", "Why it matters");
    public string Headline => T("Nøgletal", "Key figures");
    public string OwnPractice => T("Jeres praksis", "Your practice");
    public string Target => T("Mål", "Target");
    public string NationalPercentile => T("Placering i landet", "National percentile");
    public string NoValue => T("Ingen værdi i kvartalet", "No value in the quarter");
    /// <summary>What a hidden figure shows instead of its number; small counts and the counts that protect them look alike.</summary>
    public string HiddenMark => T("skjult", "hidden");
    public string Suppressed => T(
        "under 5 tilfælde, eller skjult så et lille tal ikke kan regnes ud af klyngens total eller andre pakker",
        "fewer than 5 cases, or hidden so that a small number cannot be worked out from the cluster's total or other packages");
    public string BarChart => T("Praksissernes værdier i kvartalet", "The practices' values in the quarter");
    public string TrendChart => T("Udvikling over kvartaler", "Trend over the quarters");
    public string FunnelChart => T("Tragtdiagram: værdi mod størrelse", "Funnel plot: value against size");
    public string FunnelExplained => T(
        "Hver grå prik er en praksis i landet. Værdier uden for de yderste kurver (99,8 %) skyldes næppe tilfældigheder; små praksisser svinger mere end store.",
        "Each grey dot is a practice in the country. Values beyond the outer curves (99.8 %) are unlikely to be chance; small practices vary more than large ones.");
    public string FunnelExplainedClosed => T(
        "Klyngens data er lukkede: diagrammet viser jeres praksis og klyngen mod landets grænser, men ikke de andre praksissers størrelse.",
        "The cluster's data are closed: the chart shows your practice and the cluster against the national limits, but not the other practices' sizes.");
    public string FiguresTable => T("Tal pr. praksis i kvartalet", "Figures per practice in the quarter");
    public string TrendTable => T("Værdier pr. kvartal", "Values per quarter");
    public string FunnelTable => T("Tragtdiagrammets grænser", "The funnel plot's limits");
    public string Unit => T("Enhed", "Unit");
    public string Quarter => T("Kvartal", "Quarter");
    public string Practice => T("Praksis", "Practice");
    public string Numerator => T("Tæller", "Numerator");
    public string Denominator => T("Nævner", "Denominator");
    public string Value => T("Værdi", "Value");
    public string Standardised => T("Standardiseret", "Standardised");
    public string Limit95 => T("95 %-grænser", "95 % limits");
    public string Limit998 => T("99,8 %-grænser", "99.8 % limits");
    public string Lower => T("nedre", "lower");
    public string Upper => T("øvre", "upper");
    public string NationalPractices => T("Praksisser i landet", "Practices in the country");
    public string ClusterPractices => T("Klyngens praksisser", "The cluster's practices");
    public string TalkingPoints => T("Værd at drøfte", "Worth discussing");
    public string NoTalkingPoints => T("Ingen tal skiller sig tydeligt ud.", "No figure stands out clearly.");
    public string Change => T("Før og efter", "Before and after");
    public string Before => T("Før", "Before");
    public string After => T("Efter", "After");
    public string Difference => T("Ændring", "Change");
    public string DifferenceInChange => T("Klyngens ændring minus denne", "The cluster's change minus this");
    public string RestOfRegion => T("Resten af regionen", "Rest of the region");
    public string RestOfCountry => T("Resten af landet", "Rest of the country");
    public string Actions => T("Aftalte handlinger", "Agreed actions");
    public string NoActions => T("Der er ikke registreret nogen handlinger.", "No actions recorded.");
    public string Owner => T("Ansvarlig", "Owner");
    public string Due => T("Frist", "Due");
    public string Status => T("Status", "Status");
    public string Action => T("Handling", "Action");
    public string DiscussionQuestions => T("Spørgsmål til drøftelse", "Questions for discussion");
    public string SuggestedChanges => T("Forslag til ændringer", "Suggested changes");
    public string GuidelineReferences => T("Vejledninger og kilder", "Guidelines and sources");
    public string Guide => T("Mødeguide", "Meeting guide");
    public string NoPractices => T("Pakken viser klyngen, regionen og landet; praksissernes tal vises ikke for samarbejdspartnere.",
        "The package shows the cluster, the region and the country; the practices' figures are not shown to partners.");
    public string ChartNote => T("Tallene bag diagrammet står i tabellen.", "The figures behind the chart are in the table.");
    public string Contents => T("Indhold", "Contents");

    public string Title(string topic, string cluster) => $"{topic}: {cluster}";

    public string FollowUpSpan(string before, string after) =>
        T($"Opfølgning: {before} sammenlignet med {after}", $"Follow-up: {before} compared with {after}");

    public string Practices(int n) => n == 1 ? T("1 praksis", "1 practice") : T($"{n} praksisser", $"{n} practices");

    public string LeftOut(int n) => n == 1
        ? T("1 praksis i klyngen har ikke givet samtykke til at dele sine tal og er udeladt, også af klyngens tal.", "1 practice in the cluster has not consented to sharing its figures and is left out, also of the cluster's figures.")
        : T($"{n} praksisser i klyngen har ikke givet samtykke til at dele deres tal og er udeladt, også af klyngens tal.", $"{n} practices in the cluster have not consented to sharing their figures and are left out, also of the cluster's figures.");

    /// <summary>The one-line reading of a practice's place in the cluster.</summary>
    public string Standing(ClusterStanding s, bool hasValue)
    {
        if (!hasValue) return NoValue;
        if (s.Compared == 0) return T("Der er ingen andre praksisser i klyngen at sammenligne med.", "There are no other practices in the cluster to compare with.");
        if (s.Compared == 1)
        {
            if (s.Below == 1) return T("Højere end den ene anden praksis i klyngen.", "Higher than the one other practice in the cluster.");
            if (s.Above == 1) return T("Lavere end den ene anden praksis i klyngen.", "Lower than the one other practice in the cluster.");
            return T("Samme værdi som den ene anden praksis i klyngen.", "The same value as the one other practice in the cluster.");
        }
        if (s.Below == 0 && s.Above == 0) return T($"Samme værdi som de {s.Compared} andre praksisser i klyngen.", $"The same value as the {s.Compared} other practices in the cluster.");
        return s.Below >= s.Above
            ? T($"Højere end {s.Below} af de {s.Compared} andre praksisser i klyngen.", $"Higher than {s.Below} of the {s.Compared} other practices in the cluster.")
            : T($"Lavere end {s.Above} af de {s.Compared} andre praksisser i klyngen.", $"Lower than {s.Above} of the {s.Compared} other practices in the cluster.");
    }

    public string Percentile(double p, CultureInfo culture) =>
        T($"{Math.Round(p).ToString("0", culture)}. percentil", $"percentile {Math.Round(p).ToString("0", culture)}");

    public string TargetText(IndicatorTarget target, string value) => target.Direction == "below"
        ? T($"højst {value}", $"at most {value}")
        : T($"mindst {value}", $"at least {value}");

    public string UnitName(string unit) => unit switch
    {
        "ddd_per_1000_per_day" => T("DDD pr. 1.000 tilmeldte pr. dag", "DDD per 1,000 listed patients per day"),
        "per_1000_per_year" => T("pr. 1.000 tilmeldte pr. år", "per 1,000 listed patients per year"),
        "percent" => T("procent", "percent"),
        "per_1000" => T("pr. 1.000 tilmeldte", "per 1,000 listed patients"),
        _ => unit,
    };

    /// <summary>Who a talking point is about: a named practice by name, others as "Practice C", or the cluster.</summary>
    public string Subject(ViewPractice? practice) => practice switch
    {
        null => T("Klyngen", "The cluster"),
        { Named: true } => practice.Label,
        _ => T($"Praksis {practice.Label}", $"Practice {practice.Label}"),
    };

    /// <summary>A talking point as a sentence; <paramref name="value"/> and <paramref name="reference"/> are already formatted.</summary>
    public string TalkingPoint(TalkingPointKind kind, string subject, bool cluster, string value, string? reference) => kind switch
    {
        TalkingPointKind.AboveUpperLimit => cluster
            ? T($"{subject} ligger med {value} over den øvre 99,8 %-grænse omkring landsværdien{Ref(" på ", reference)}; det er næppe tilfældigt.",
                $"{subject} is at {value}, above the upper 99.8 % limit around the national value{Ref(" of ", reference)}; this is unlikely to be chance.")
            : T($"{subject} ligger med {value} over den øvre 99,8 %-grænse i tragtdiagrammet; det er næppe tilfældigt.",
                $"{subject} is at {value}, above the upper 99.8 % limit in the funnel plot; this is unlikely to be chance."),
        TalkingPointKind.BelowLowerLimit => cluster
            ? T($"{subject} ligger med {value} under den nedre 99,8 %-grænse omkring landsværdien{Ref(" på ", reference)}; det er næppe tilfældigt.",
                $"{subject} is at {value}, below the lower 99.8 % limit around the national value{Ref(" of ", reference)}; this is unlikely to be chance.")
            : T($"{subject} ligger med {value} under den nedre 99,8 %-grænse i tragtdiagrammet; det er næppe tilfældigt.",
                $"{subject} is at {value}, below the lower 99.8 % limit in the funnel plot; this is unlikely to be chance."),
        TalkingPointKind.WorstDecile =>
            T($"{subject} er med {value} blandt den tiendedel af landets praksisser med de mindst gunstige værdier{Ref(" (grænsen går ved ", reference, ")")}.",
              $"{subject} is at {value}, among the tenth of the country's practices with the least favourable values{Ref(" (the cut-off is ", reference, ")")}."),
        TalkingPointKind.TargetMissed =>
            T($"{subject} når ikke målet{Ref(" på ", reference)}: værdien er {value}.", $"{subject} does not reach the target{Ref(" of ", reference)}: the value is {value}."),
        TalkingPointKind.ClearRise =>
            T($"{subject} er steget tydeligt siden samme kvartal året før{Ref(", fra ", reference)} til {value}.",
              $"{subject} has risen clearly since the same quarter a year before{Ref(", from ", reference)} to {value}."),
        _ =>
            T($"{subject} er faldet tydeligt siden samme kvartal året før{Ref(", fra ", reference)} til {value}.",
              $"{subject} has fallen clearly since the same quarter a year before{Ref(", from ", reference)} to {value}."),
    };

    private static string Ref(string before, string? reference, string after = "") => reference is null ? "" : before + reference + after;
}
