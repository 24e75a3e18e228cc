namespace Klynge.Core.Demo;

/// <summary>
/// Names and places for the demo country. Weights follow the rough order of frequency in
/// Denmark (Danmarks Statistik name statistics), so common names come up about as often as they would.
/// </summary>
internal static class DemoNames
{
    public static readonly (string Name, int Weight)[] WomenFirst =
    [
        ("Anne", 45), ("Kirsten", 40), ("Mette", 40), ("Hanne", 38), ("Helle", 34), ("Susanne", 33),
        ("Lene", 31), ("Maria", 31), ("Marianne", 30), ("Lone", 28), ("Camilla", 27), ("Pia", 27),
        ("Louise", 27), ("Charlotte", 26), ("Tina", 25), ("Gitte", 24), ("Bente", 24), ("Inge", 22),
        ("Jette", 22), ("Karen", 22), ("Malene", 20), ("Christina", 20), ("Julie", 19), ("Sofie", 19),
        ("Katrine", 18), ("Rikke", 18), ("Lise", 17), ("Trine", 17), ("Dorte", 16), ("Maja", 16),
        ("Sara", 15), ("Stine", 15), ("Birgitte", 15), ("Ida", 14), ("Cecilie", 14), ("Line", 14),
        ("Emma", 13), ("Laura", 13), ("Anja", 12), ("Heidi", 12), ("Karina", 12), ("Signe", 12),
        ("Nanna", 11), ("Mathilde", 11), ("Annette", 11), ("Ulla", 10), ("Eva", 10), ("Sanne", 10),
        ("Tanja", 9), ("Lotte", 9), ("Mia", 9), ("Johanne", 8), ("Ane", 8), ("Marie", 8), ("Astrid", 7),
        ("Nina", 7), ("Freja", 6), ("Hanna", 6), ("Mette-Marie", 4), ("Kamilla", 4),
    ];

    public static readonly (string Name, int Weight)[] MenFirst =
    [
        ("Peter", 48), ("Jens", 45), ("Lars", 44), ("Michael", 43), ("Henrik", 40), ("Thomas", 39),
        ("Søren", 37), ("Jan", 36), ("Niels", 34), ("Christian", 33), ("Martin", 32), ("Jørgen", 30),
        ("Anders", 29), ("Hans", 28), ("Morten", 27), ("Rasmus", 26), ("Jesper", 26), ("Mads", 25),
        ("Per", 24), ("Ole", 24), ("Kim", 23), ("Mikkel", 22), ("Frederik", 21), ("Poul", 20),
        ("Steen", 19), ("Erik", 19), ("Torben", 18), ("Jakob", 18), ("Kasper", 17), ("Klaus", 17),
        ("Bo", 16), ("Carsten", 16), ("Allan", 15), ("Kristian", 15), ("Kenneth", 14), ("Brian", 14),
        ("Flemming", 14), ("Bent", 13), ("Simon", 13), ("Jonas", 13), ("Anton", 12), ("Emil", 12),
        ("Mathias", 12), ("Nikolaj", 11), ("Jacob", 11), ("Tobias", 10), ("Johan", 10), ("Ulrik", 10),
        ("Troels", 9), ("Casper", 9), ("Rune", 9), ("Bjarne", 8), ("Finn", 8), ("Magnus", 7),
        ("Oliver", 7), ("Viktor", 6), ("Asger", 6), ("Esben", 5), ("Gustav", 5), ("Aksel", 4),
    ];

    public static readonly (string Name, int Weight)[] Surnames =
    [
        ("Nielsen", 240), ("Jensen", 250), ("Hansen", 205), ("Pedersen", 150), ("Andersen", 150),
        ("Christensen", 110), ("Larsen", 110), ("Sørensen", 100), ("Rasmussen", 88), ("Jørgensen", 80),
        ("Petersen", 75), ("Madsen", 62), ("Kristensen", 60), ("Olsen", 55), ("Thomsen", 45),
        ("Christiansen", 40), ("Poulsen", 37), ("Johansen", 36), ("Møller", 36), ("Mortensen", 35),
        ("Knudsen", 30), ("Jakobsen", 29), ("Jacobsen", 24), ("Mikkelsen", 24), ("Olesen", 23),
        ("Frederiksen", 23), ("Laursen", 22), ("Henriksen", 22), ("Lund", 21), ("Schmidt", 19),
        ("Holm", 19), ("Kristiansen", 18), ("Clausen", 18), ("Simonsen", 17), ("Svendsen", 16),
        ("Andreasen", 16), ("Iversen", 15), ("Jeppesen", 15), ("Vestergaard", 15), ("Mogensen", 14),
        ("Nissen", 14), ("Lauridsen", 13), ("Jepsen", 13), ("Kjær", 13), ("Søndergaard", 12),
        ("Carlsen", 12), ("Eriksen", 12), ("Dahl", 11), ("Østergaard", 11), ("Bertelsen", 10),
        ("Nørgaard", 10), ("Thygesen", 10), ("Bruun", 9), ("Berg", 9), ("Lassen", 9), ("Friis", 8),
        ("Riis", 8), ("Bak", 8), ("Jessen", 8), ("Koch", 7), ("Bach", 7), ("Dam", 7), ("Buch", 6),
        ("Lindberg", 6), ("Winther", 6), ("Mathiesen", 6), ("Toft", 6), ("Krogh", 5), ("Overgaard", 5),
        ("Skov", 5), ("Kofoed", 5), ("Hald", 5), ("Ahmed", 5), ("Khan", 4), ("Nguyen", 4),
        ("Hedegaard", 4), ("Juhl", 4), ("Brandt", 4), ("Beck", 4), ("Fog", 3),
    ];

    public static readonly string[] Streets =
    [
        "Søndergade", "Nørregade", "Vestergade", "Østergade", "Jernbanegade", "Storegade", "Torvet",
        "Algade", "Bredgade", "Kirkevej", "Skolevej", "Stationsvej", "Parkvej", "Hovedgaden", "Vestre Allé",
        "Østre Allé", "Havnegade", "Klostergade", "Skovvej", "Møllevej", "Strandvej", "Sygehusvej",
        "Bygaden", "Adelgade", "Kongensgade", "Dronningensgade", "Nygade", "Rådhusstræde", "Banegårdspladsen",
        "Toftevej", "Engvej", "Ringvejen", "Lindevej", "Bøgevej", "Egevej", "Tværgade", "Markedsgade",
    ];

    /// <summary>Postal districts per municipality code: the main town first.</summary>
    public static readonly IReadOnlyDictionary<int, (string PostalCode, string City)[]> Towns =
        new Dictionary<int, (string, string)[]>
        {
            [101] = [("1050", "København K"), ("1620", "København V"), ("2100", "København Ø"), ("2200", "København N"),
                     ("2300", "København S"), ("2400", "København NV"), ("2450", "København SV"), ("2500", "Valby"),
                     ("2700", "Brønshøj"), ("2720", "Vanløse")],
            [147] = [("2000", "Frederiksberg")],
            [151] = [("2750", "Ballerup"), ("2740", "Skovlunde")],
            [153] = [("2605", "Brøndby"), ("2660", "Brøndby Strand")],
            [155] = [("2791", "Dragør")],
            [157] = [("2820", "Gentofte"), ("2900", "Hellerup"), ("2920", "Charlottenlund")],
            [159] = [("2860", "Søborg"), ("2880", "Bagsværd")],
            [161] = [("2600", "Glostrup")],
            [163] = [("2730", "Herlev")],
            [165] = [("2620", "Albertslund")],
            [167] = [("2650", "Hvidovre")],
            [169] = [("2630", "Taastrup"), ("2640", "Hedehusene")],
            [173] = [("2800", "Kongens Lyngby")],
            [175] = [("2610", "Rødovre")],
            [183] = [("2635", "Ishøj")],
            [185] = [("2770", "Kastrup"), ("2791", "Dragør")],
            [187] = [("2625", "Vallensbæk")],
            [190] = [("3520", "Farum"), ("3500", "Værløse")],
            [201] = [("3450", "Allerød")],
            [210] = [("3480", "Fredensborg"), ("2990", "Nivå")],
            [217] = [("3000", "Helsingør"), ("3100", "Hornbæk")],
            [219] = [("3400", "Hillerød")],
            [223] = [("2970", "Hørsholm")],
            [230] = [("2840", "Holte"), ("2950", "Vedbæk")],
            [240] = [("3650", "Ølstykke"), ("2765", "Smørum")],
            [250] = [("3600", "Frederikssund"), ("3630", "Jægerspris")],
            [260] = [("3300", "Frederiksværk"), ("3390", "Hundested")],
            [270] = [("3200", "Helsinge"), ("3230", "Græsted")],
            [400] = [("3700", "Rønne"), ("3730", "Nexø")],
            [253] = [("2670", "Greve")],
            [259] = [("4600", "Køge")],
            [265] = [("4000", "Roskilde")],
            [269] = [("2680", "Solrød Strand")],
            [306] = [("4500", "Nykøbing Sj"), ("4550", "Asnæs")],
            [316] = [("4300", "Holbæk"), ("4390", "Vipperød")],
            [320] = [("4640", "Faxe"), ("4690", "Haslev")],
            [326] = [("4400", "Kalundborg"), ("4490", "Jerslev Sjælland")],
            [329] = [("4100", "Ringsted")],
            [330] = [("4200", "Slagelse"), ("4220", "Korsør"), ("4230", "Skælskør")],
            [336] = [("4660", "Store Heddinge")],
            [340] = [("4180", "Sorø")],
            [350] = [("4320", "Lejre")],
            [360] = [("4930", "Maribo"), ("4900", "Nakskov")],
            [370] = [("4700", "Næstved")],
            [376] = [("4800", "Nykøbing F"), ("4880", "Nysted")],
            [390] = [("4760", "Vordingborg"), ("4780", "Stege")],
            [410] = [("5500", "Middelfart")],
            [420] = [("5610", "Assens"), ("5620", "Glamsbjerg")],
            [430] = [("5600", "Faaborg"), ("5750", "Ringe")],
            [440] = [("5300", "Kerteminde")],
            [450] = [("5800", "Nyborg")],
            [461] = [("5000", "Odense C"), ("5200", "Odense V"), ("5210", "Odense NV"), ("5220", "Odense SØ"),
                     ("5230", "Odense M"), ("5240", "Odense NØ"), ("5250", "Odense SV"), ("5260", "Odense S")],
            [479] = [("5700", "Svendborg")],
            [480] = [("5400", "Bogense"), ("5471", "Søndersø")],
            [482] = [("5900", "Rudkøbing")],
            [492] = [("5970", "Ærøskøbing"), ("5960", "Marstal")],
            [510] = [("6100", "Haderslev"), ("6500", "Vojens")],
            [530] = [("7190", "Billund"), ("7200", "Grindsted")],
            [540] = [("6400", "Sønderborg"), ("6430", "Nordborg")],
            [550] = [("6270", "Tønder"), ("6280", "Højer")],
            [561] = [("6700", "Esbjerg"), ("6705", "Esbjerg Ø"), ("6710", "Esbjerg V"), ("6715", "Esbjerg N")],
            [563] = [("6720", "Fanø")],
            [573] = [("6800", "Varde")],
            [575] = [("6600", "Vejen"), ("6630", "Rødding")],
            [580] = [("6200", "Aabenraa"), ("6360", "Tinglev")],
            [607] = [("7000", "Fredericia")],
            [621] = [("6000", "Kolding")],
            [630] = [("7100", "Vejle"), ("7300", "Jelling")],
            [615] = [("8700", "Horsens")],
            [657] = [("7400", "Herning")],
            [661] = [("7500", "Holstebro")],
            [665] = [("7620", "Lemvig")],
            [671] = [("7600", "Struer")],
            [706] = [("8400", "Ebeltoft"), ("8410", "Rønde")],
            [707] = [("8500", "Grenaa")],
            [710] = [("8450", "Hammel"), ("8370", "Hadsten")],
            [727] = [("8300", "Odder")],
            [730] = [("8900", "Randers C"), ("8920", "Randers NV")],
            [740] = [("8600", "Silkeborg")],
            [741] = [("8305", "Samsø")],
            [746] = [("8660", "Skanderborg"), ("8680", "Ry")],
            [751] = [("8000", "Aarhus C"), ("8200", "Aarhus N"), ("8210", "Aarhus V"), ("8220", "Brabrand"),
                     ("8230", "Åbyhøj"), ("8240", "Risskov"), ("8260", "Viby J"), ("8270", "Højbjerg")],
            [756] = [("7430", "Ikast"), ("7330", "Brande")],
            [760] = [("6950", "Ringkøbing"), ("6900", "Skjern")],
            [766] = [("8722", "Hedensted"), ("7130", "Juelsminde")],
            [779] = [("7800", "Skive")],
            [791] = [("8800", "Viborg"), ("8850", "Bjerringbro")],
            [773] = [("7900", "Nykøbing M")],
            [787] = [("7700", "Thisted")],
            [810] = [("9700", "Brønderslev"), ("9750", "Østervrå")],
            [813] = [("9900", "Frederikshavn"), ("9990", "Skagen"), ("9300", "Sæby")],
            [820] = [("9600", "Aars"), ("9640", "Farsø")],
            [825] = [("9940", "Læsø")],
            [840] = [("9530", "Støvring")],
            [846] = [("9500", "Hobro"), ("9550", "Mariager")],
            [849] = [("9440", "Aabybro"), ("9490", "Pandrup")],
            [851] = [("9000", "Aalborg"), ("9200", "Aalborg SV"), ("9210", "Aalborg SØ"), ("9220", "Aalborg Ø"),
                     ("9400", "Nørresundby")],
            [860] = [("9800", "Hjørring"), ("9850", "Hirtshals")],
        };

    /// <summary>
    /// Small municipalities whose GPs share a cluster with a neighbour in the same region, as in
    /// practice: the islands and the smallest suburbs.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, int> MergedInto = new Dictionary<int, int>
    {
        [825] = 813, // Læsø with Frederikshavn
        [741] = 727, // Samsø with Odder
        [563] = 561, // Fanø with Esbjerg
        [492] = 479, // Ærø with Svendborg
        [482] = 479, // Langeland with Svendborg
        [155] = 185, // Dragør with Tårnby
        [187] = 183, // Vallensbæk with Ishøj
        [665] = 671, // Lemvig with Struer
    };

    /// <summary>District names for municipalities that get several clusters, in the order they are used.</summary>
    public static readonly IReadOnlyDictionary<int, string[]> Districts = new Dictionary<int, string[]>
    {
        [101] = ["Klynge København Nord", "Klynge Østerbro", "Klynge Nørrebro", "Klynge Indre By", "Klynge Vesterbro",
                 "Klynge Amager", "Klynge Amager Vest", "Klynge Valby", "Klynge Vanløse", "Klynge Brønshøj-Husum",
                 "Klynge Bispebjerg", "Klynge Sydhavn", "Klynge Nordvest", "Klynge Christianshavn", "Klynge Ørestad"],
        [751] = ["Klynge Aarhus Midt", "Klynge Aarhus Nord", "Klynge Aarhus Syd", "Klynge Aarhus Vest",
                 "Klynge Aarhus Øst", "Klynge Viby-Højbjerg", "Klynge Brabrand", "Klynge Risskov-Egå"],
        [461] = ["Klynge Odense Centrum", "Klynge Odense Nord", "Klynge Odense Syd", "Klynge Odense Vest",
                 "Klynge Odense Øst"],
        [851] = ["Klynge Aalborg Midt", "Klynge Aalborg Øst", "Klynge Aalborg Syd", "Klynge Nørresundby",
                 "Klynge Aalborg Vest"],
    };
}
