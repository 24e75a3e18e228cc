using System.Globalization;
using Klynge.Core.Audit;
using Klynge.Core.Csv;
using Klynge.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Klynge.Core.Registry.Import;

/// <summary>
/// Imports the registry files (practices, clusters, memberships; see docs DATA-FORMATS) in one go.
/// Every row of all three files is validated first and every problem collected; if there is any,
/// nothing is written. Otherwise all three are written in one transaction, with an audit entry.
/// Re-running the same files changes nothing: practices are matched by ydernummer, clusters by id,
/// memberships by (practice, cluster, valid_from), where a changed valid_to updates the row. Rows in
/// the database that the files do not mention are kept: the registry's history is never deleted.
/// </summary>
/// <remarks>
/// Rules the files do not carry:
/// <list type="bullet">
/// <item><c>cluster_id</c> is the cluster's own positive whole number and its key in Klynge.</item>
/// <item>A new practice gets organisation form Solo and 0 listed patients; an existing one keeps both.</item>
/// <item>A new cluster's main municipality is that of its first member practice (earliest valid_from, then
/// lowest ydernummer) when it lies in the cluster's region, otherwise the region's most populous
/// municipality. An existing cluster keeps its main municipality unless it moves to another region.</item>
/// <item>A new cluster is founded on its earliest membership's valid_from, or today without members; an
/// existing cluster's founding day only moves back when a membership starts before it.</item>
/// <item>A practice's memberships may not overlap in time, whether in one cluster or two, counting both
/// the files and the memberships already in the database. A membership must end (valid_to, exclusive)
/// on or before its practice's closed_on.</item>
/// <item>A file with a header but no rows is fine: it changes nothing.</item>
/// </list>
/// </remarks>
public static class RegistryImporter
{
    public const string AuditAction = "registry.import";

    private static readonly string[] PracticeColumns = ["practice_id", "name", "municipality_code", "opened_on", "closed_on"];
    private static readonly string[] ClusterColumns = ["cluster_id", "name", "region_code", "data_sharing"];
    private static readonly string[] MembershipColumns = ["practice_id", "cluster_id", "valid_from", "valid_to"];
    private const int MaxNameLength = 200;
    private const int MaxValueInError = 200;

    /// <summary>Imports three files by path; a missing file is reported like any other error.</summary>
    public static async Task<RegistryImportResult> ImportAsync(
        KlyngeDbContext db, string practicesPath, string clustersPath, string membershipsPath,
        RegistryImportOptions options, string userName, CancellationToken ct = default)
    {
        var paths = new[] { practicesPath, clustersPath, membershipsPath };
        var missing = paths.Where(p => !File.Exists(p))
            .Select(p => new ImportError(Path.GetFileName(p), null, "", "", $"file not found: {p}"))
            .ToList();
        if (missing.Count > 0) return RegistryImportResult.Failed(missing);

        await using var practices = File.OpenRead(practicesPath);
        await using var clusters = File.OpenRead(clustersPath);
        await using var memberships = File.OpenRead(membershipsPath);
        return await ImportAsync(db, practices, clusters, memberships, options with
        {
            PracticesFileName = Path.GetFileName(practicesPath),
            ClustersFileName = Path.GetFileName(clustersPath),
            MembershipsFileName = Path.GetFileName(membershipsPath),
        }, userName, ct);
    }

    /// <summary>
    /// Imports three CSV streams (plain or gzip), e.g. uploaded files. The streams are read synchronously
    /// to their end and not closed.
    /// </summary>
    public static async Task<RegistryImportResult> ImportAsync(
        KlyngeDbContext db, Stream practices, Stream clusters, Stream memberships,
        RegistryImportOptions options, string userName, CancellationToken ct = default)
    {
        var errors = new List<ImportError>();
        var practiceTable = ReadTable(practices, options.PracticesFileName, PracticeColumns, options.IgnoreExtraColumns, errors);
        var clusterTable = ReadTable(clusters, options.ClustersFileName, ClusterColumns, options.IgnoreExtraColumns, errors);
        var membershipTable = ReadTable(memberships, options.MembershipsFileName, MembershipColumns, options.IgnoreExtraColumns, errors);

        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var state = await DatabaseState.LoadAsync(db, ct);
            var practiceRows = ValidatePractices(practiceTable, state, errors);
            var clusterRows = ValidateClusters(clusterTable, state, errors);
            var membershipRows = ValidateMemberships(membershipTable, practiceTable, clusterTable, state, errors);
            var plan = new Plan(state, practiceRows.Valid, clusterRows.Valid, membershipRows);
            plan.CheckHistory(options, errors);

            if (errors.Count > 0) return RegistryImportResult.Failed(errors);

            var today = options.Today ?? DateOnly.FromDateTime(DateTime.Now);
            var result = plan.Apply(db, today);
            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = DateTime.UtcNow,
                UserName = userName,
                Action = AuditAction,
                EntityType = "Registry",
                Details = $"{options.PracticesFileName}: {result.Practices}; {options.ClustersFileName}: {result.Clusters}; " +
                          $"{options.MembershipsFileName}: {result.Memberships}",
            });
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private sealed record Row(int Line, string[] Fields);

    /// <summary>The rows of one file; <see cref="Complete"/> is false when part of it could not be read.</summary>
    private sealed record Table(string File, string[] Header, CsvColumns Columns, List<Row> Rows, bool Complete)
    {
        public string Get(Row row, string column) => row.Fields[Columns[column]].Trim();
        public string ColumnAt(int? index) => index is { } i && i < Header.Length ? Header[i].Trim() : "";
    }

    private static Table? ReadTable(Stream stream, string file, string[] expected, bool ignoreExtra, List<ImportError> errors)
    {
        using var reader = new CsvReader(stream, leaveOpen: true);
        string[]? header = null;
        CsvColumns? columns = null;
        var rows = new List<Row>();
        var complete = true;
        while (true)
        {
            try
            {
                if (!reader.Read()) break;
            }
            catch (CsvFormatException e)
            {
                var column = header is null ? "" : header.ElementAtOrDefault(e.FieldIndex ?? -1)?.Trim() ?? "";
                errors.Add(new ImportError(file, e.Line, column, "", e.Message));
                complete = false;
                continue;
            }
            if (header is null)
            {
                header = reader.GetFields();
                columns = CsvColumns.Map(header, expected, ignoreExtra);
                if (!columns.IsValid)
                {
                    var expectedText = string.Join(",", expected);
                    errors.AddRange(columns.Missing.Select(c => new ImportError(file, reader.LineNumber, c, "", $"missing column (expected columns: {expectedText})")));
                    errors.AddRange(columns.Unknown.Select(c => new ImportError(file, reader.LineNumber, c, "", $"unknown column (expected columns: {expectedText}; use --ignore-extra-columns to skip it)")));
                    errors.AddRange(columns.Duplicate.Select(c => new ImportError(file, reader.LineNumber, c, "", "column appears more than once")));
                    return null;
                }
                continue;
            }
            if (reader.FieldCount != header.Length)
            {
                errors.Add(new ImportError(file, reader.LineNumber, "", "", $"{reader.FieldCount} fields where the header has {header.Length}"));
                continue;
            }
            rows.Add(new Row(reader.LineNumber, reader.GetFields()));
        }
        if (header is null)
        {
            if (complete) errors.Add(new ImportError(file, null, "", "", $"the file is empty; it needs at least the header row {string.Join(",", expected)}"));
            return null;
        }
        return new Table(file, header, columns!, rows, complete);
    }

    /// <summary>What the database holds before the import, tracked so that the import can update it.</summary>
    private sealed class DatabaseState
    {
        public required Dictionary<int, (int RegionCode, int Population)> Municipalities { get; init; }
        public required HashSet<int> Regions { get; init; }
        public required Dictionary<string, Practice> Practices { get; init; }
        public required Dictionary<int, Cluster> Clusters { get; init; }
        public required List<ClusterMembership> Memberships { get; init; }
        public required Dictionary<int, string> ProviderNumbers { get; init; }

        public static async Task<DatabaseState> LoadAsync(KlyngeDbContext db, CancellationToken ct)
        {
            var practices = await db.Practices.ToListAsync(ct);
            return new DatabaseState
            {
                Municipalities = await db.Municipalities.AsNoTracking()
                    .ToDictionaryAsync(m => m.Code, m => (m.RegionCode, m.Population), ct),
                Regions = (await db.Regions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).ToHashSet(),
                Practices = practices.ToDictionary(p => p.ProviderNumber),
                ProviderNumbers = practices.ToDictionary(p => p.Id, p => p.ProviderNumber),
                Clusters = await db.Clusters.ToDictionaryAsync(c => c.Id, ct),
                Memberships = await db.ClusterMemberships.ToListAsync(ct),
            };
        }
    }

    private sealed record PracticeRow(int Line, string ProviderNumber, string Name, int MunicipalityCode, DateOnly OpenedOn, DateOnly? ClosedOn);
    private sealed record ClusterRow(int Line, int Id, string Name, int RegionCode, DataSharing DataSharing);
    private sealed record MembershipRow(int Line, string ProviderNumber, int ClusterId, DateOnly ValidFrom, DateOnly? ValidTo);

    /// <summary>Valid rows, plus every id seen in the file (also on rows with other errors) for reference checks.</summary>
    private sealed record Validated<TRow, TKey>(List<TRow> Valid, HashSet<TKey> Ids) where TKey : notnull;

    private static Validated<PracticeRow, string> ValidatePractices(Table? table, DatabaseState state, List<ImportError> errors)
    {
        var valid = new List<PracticeRow>();
        var firstLine = new Dictionary<string, int>();
        if (table is null) return new(valid, []);
        foreach (var row in table.Rows)
        {
            var check = new RowCheck(table, row, errors);
            var id = check.Text("practice_id");
            var idOk = check.ProviderNumber("practice_id") && check.Unique("practice_id", id, firstLine);
            var name = check.Name("name");
            var municipality = check.Code("municipality_code", state.Municipalities.ContainsKey, "is not one of the 98 municipality codes");
            var opened = check.Date("opened_on", required: true);
            var closed = check.Date("closed_on", required: false);
            if (opened is { } o && closed is { } c && c < o)
                check.Fail("closed_on", $"is before opened_on ({Iso(o)})");
            if (idOk && check.Ok)
                valid.Add(new PracticeRow(row.Line, id, name, municipality!.Value, opened!.Value, closed));
        }
        return new(valid, firstLine.Keys.ToHashSet());
    }

    private static Validated<ClusterRow, int> ValidateClusters(Table? table, DatabaseState state, List<ImportError> errors)
    {
        var valid = new List<ClusterRow>();
        var firstLine = new Dictionary<int, int>();
        if (table is null) return new(valid, []);
        foreach (var row in table.Rows)
        {
            var check = new RowCheck(table, row, errors);
            var id = check.ClusterId("cluster_id");
            var idOk = id is { } i && check.Unique("cluster_id", i, firstLine);
            var name = check.Name("name");
            var region = check.Code("region_code", state.Regions.Contains, "is not one of the 5 region codes (1081-1085)");
            var sharing = check.Text("data_sharing").ToLowerInvariant() switch
            {
                "open" => (DataSharing?)DataSharing.Open,
                "closed" => DataSharing.Closed,
                _ => check.Fail<DataSharing>("data_sharing", "must be open or closed"),
            };
            if (idOk && check.Ok)
                valid.Add(new ClusterRow(row.Line, id!.Value, name, region!.Value, sharing!.Value));
        }
        return new(valid, firstLine.Keys.ToHashSet());
    }

    private static List<MembershipRow> ValidateMemberships(
        Table? table, Table? practiceTable, Table? clusterTable, DatabaseState state, List<ImportError> errors)
    {
        var valid = new List<MembershipRow>();
        if (table is null) return valid;
        var practiceIds = practiceTable?.Rows.Select(r => practiceTable.Get(r, "practice_id")).ToHashSet() ?? [];
        var clusterIds = clusterTable?.Rows.Select(r => clusterTable.Get(r, "cluster_id"))
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToHashSet() ?? [];
        // When a referenced file could not be read whole, an unknown reference says nothing new.
        var practicesKnown = practiceTable is { Complete: true };
        var clustersKnown = clusterTable is { Complete: true };
        var firstLine = new Dictionary<(string, int, DateOnly), int>();
        foreach (var row in table.Rows)
        {
            var check = new RowCheck(table, row, errors);
            var practice = check.Text("practice_id");
            if (check.ProviderNumber("practice_id") && practicesKnown && !practiceIds.Contains(practice) && !state.Practices.ContainsKey(practice))
                check.Fail("practice_id", "is neither in the practices file nor in the database");
            var cluster = check.ClusterId("cluster_id");
            if (cluster is { } c && clustersKnown && !clusterIds.Contains(c) && !state.Clusters.ContainsKey(c))
                check.Fail("cluster_id", "is neither in the clusters file nor in the database");
            var from = check.Date("valid_from", required: true);
            var to = check.Date("valid_to", required: false);
            if (from is { } f && to is { } t && t <= f)
                check.Fail("valid_to", $"must be after valid_from ({Iso(f)}); valid_to is the first day no longer a member");
            if (check.Ok && !check.Unique("valid_from", (practice, cluster!.Value, from!.Value), firstLine,
                    "repeats the membership of this practice in this cluster from the same day"))
                continue;
            if (check.Ok)
                valid.Add(new MembershipRow(row.Line, practice, cluster!.Value, from!.Value, to));
        }
        return valid;
    }

    /// <summary>Checks the fields of one row, adding an error for each bad value.</summary>
    private sealed class RowCheck(Table table, Row row, List<ImportError> errors)
    {
        public bool Ok { get; private set; } = true;

        public string Text(string column) => table.Get(row, column);

        public T? Fail<T>(string column, string reason) where T : struct
        {
            Fail(column, reason);
            return null;
        }

        public void Fail(string column, string reason)
        {
            Ok = false;
            var value = Text(column);
            if (value.Length > MaxValueInError) value = value[..MaxValueInError] + "…";
            errors.Add(new ImportError(table.File, row.Line, column, value, reason));
        }

        public bool ProviderNumber(string column)
        {
            var value = Text(column);
            if (Practice.IsValidProviderNumber(value)) return true;
            Fail(column, value.Length == 0 ? "must not be empty" : "must be 6 digits (the ydernummer)");
            return false;
        }

        public int? ClusterId(string column)
        {
            var value = Text(column);
            if (value.Length == 0) return Fail<int>(column, "must not be empty");
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : Fail<int>(column, "must be a positive whole number");
        }

        public string Name(string column)
        {
            var value = Text(column);
            if (value.Length == 0) Fail(column, "must not be empty");
            else if (value.Length > MaxNameLength) Fail(column, $"is longer than {MaxNameLength} characters");
            return value;
        }

        public int? Code(string column, Func<int, bool> known, string unknownReason)
        {
            var value = Text(column);
            if (value.Length == 0) return Fail<int>(column, "must not be empty");
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                return Fail<int>(column, "must be a whole number");
            return known(code) ? code : Fail<int>(column, unknownReason);
        }

        public DateOnly? Date(string column, bool required)
        {
            var value = Text(column);
            if (value.Length == 0) return required ? Fail<DateOnly>(column, "must not be empty") : null;
            return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : Fail<DateOnly>(column, "must be a date written YYYY-MM-DD");
        }

        public bool Unique<TKey>(string column, TKey key, Dictionary<TKey, int> firstLine, string? reason = null) where TKey : notnull
        {
            if (firstLine.TryGetValue(key, out var first))
            {
                Fail(column, $"{reason ?? $"duplicate {column}"}; first on line {first}");
                return false;
            }
            firstLine[key] = row.Line;
            return true;
        }
    }

    /// <summary>A membership as it will be after the import: from the file, the database, or both.</summary>
    private sealed record EffectiveMembership(string ProviderNumber, int ClusterId, DateOnly ValidFrom, DateOnly? ValidTo, int? Line);

    /// <summary>The registry as it would be after the import, for the checks across files and the writes.</summary>
    private sealed class Plan
    {
        private readonly DatabaseState _state;
        private readonly List<PracticeRow> _practices;
        private readonly List<ClusterRow> _clusters;
        private readonly List<MembershipRow> _memberships;
        private readonly Dictionary<string, PracticeRow> _practiceRows;
        private readonly List<EffectiveMembership> _effective;

        public Plan(DatabaseState state, List<PracticeRow> practices, List<ClusterRow> clusters, List<MembershipRow> memberships)
        {
            _state = state;
            _practices = practices;
            _clusters = clusters;
            _memberships = memberships;
            _practiceRows = practices.ToDictionary(p => p.ProviderNumber);
            var fromFile = memberships.ToDictionary(m => (m.ProviderNumber, m.ClusterId, m.ValidFrom));
            _effective = state.Memberships
                .Select(m => new EffectiveMembership(state.ProviderNumbers[m.PracticeId], m.ClusterId, m.ValidFrom, m.ValidTo, null))
                .Where(m => !fromFile.ContainsKey((m.ProviderNumber, m.ClusterId, m.ValidFrom)))
                .Concat(memberships.Select(m => new EffectiveMembership(m.ProviderNumber, m.ClusterId, m.ValidFrom, m.ValidTo, m.Line)))
                .ToList();
        }

        public void CheckHistory(RegistryImportOptions options, List<ImportError> errors)
        {
            foreach (var practice in _effective.GroupBy(m => m.ProviderNumber))
            {
                var periods = practice.OrderBy(m => m.ValidFrom).ThenBy(m => m.Line ?? 0).ToList();
                for (var i = 0; i < periods.Count; i++)
                for (var j = i + 1; j < periods.Count; j++)
                {
                    var (a, b) = (periods[i], periods[j]);
                    if (a.Line is null && b.Line is null) continue;
                    if (!Validity.Overlaps(a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo)) continue;
                    var (reported, other) = b.Line is null || (a.Line is { } la && la > b.Line) ? (a, b) : (b, a);
                    var where = other.Line is { } line ? $"line {line}" : "the database";
                    errors.Add(new ImportError(options.MembershipsFileName, reported.Line, "valid_from", Iso(reported.ValidFrom),
                        $"practice {reported.ProviderNumber} would be a member of two clusters at once: this period " +
                        $"overlaps its membership of cluster {other.ClusterId} from {Iso(other.ValidFrom)} to {IsoOrOpen(other.ValidTo)} ({where})"));
                }

                var closedOn = ClosedOn(practice.Key);
                if (closedOn is not { } closed) continue;
                foreach (var m in periods.Where(m => m.ValidTo is null || m.ValidTo > closed))
                {
                    if (m.Line is { } line)
                        errors.Add(new ImportError(options.MembershipsFileName, line, "valid_to", m.ValidTo is { } t ? Iso(t) : "",
                            $"practice {m.ProviderNumber} closed on {Iso(closed)}; the membership must end (valid_to) on or before that day"));
                    else if (_practiceRows.TryGetValue(practice.Key, out var row))
                        errors.Add(new ImportError(options.PracticesFileName, row.Line, "closed_on", Iso(closed),
                            $"the practice still has a membership of cluster {m.ClusterId} from {Iso(m.ValidFrom)} to {IsoOrOpen(m.ValidTo)} " +
                            "in the database; end it in the memberships file (valid_to on or before closed_on)"));
                }
            }
        }

        private DateOnly? ClosedOn(string providerNumber) =>
            _practiceRows.TryGetValue(providerNumber, out var row) ? row.ClosedOn
            : _state.Practices.TryGetValue(providerNumber, out var practice) ? practice.ClosedOn
            : null;

        public RegistryImportResult Apply(KlyngeDbContext db, DateOnly today)
        {
            var practices = ApplyPractices(db);
            var clusters = ApplyClusters(db, today);
            var memberships = ApplyMemberships(db);
            return new RegistryImportResult([], practices, clusters, memberships);
        }

        private ImportCounts ApplyPractices(KlyngeDbContext db)
        {
            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var row in _practices)
            {
                if (_state.Practices.TryGetValue(row.ProviderNumber, out var practice))
                {
                    if (practice.Name == row.Name && practice.MunicipalityCode == row.MunicipalityCode
                        && practice.OpenedOn == row.OpenedOn && practice.ClosedOn == row.ClosedOn)
                    {
                        unchanged++;
                        continue;
                    }
                    practice.Name = row.Name;
                    practice.MunicipalityCode = row.MunicipalityCode;
                    practice.OpenedOn = row.OpenedOn;
                    practice.ClosedOn = row.ClosedOn;
                    updated++;
                }
                else
                {
                    practice = new Practice
                    {
                        ProviderNumber = row.ProviderNumber,
                        Name = row.Name,
                        MunicipalityCode = row.MunicipalityCode,
                        OpenedOn = row.OpenedOn,
                        ClosedOn = row.ClosedOn,
                        OrganisationForm = OrganisationForm.Solo,
                        ListedPatients = 0,
                    };
                    db.Practices.Add(practice);
                    _state.Practices[row.ProviderNumber] = practice;
                    inserted++;
                }
            }
            return new ImportCounts(inserted, updated, unchanged);
        }

        private ImportCounts ApplyClusters(KlyngeDbContext db, DateOnly today)
        {
            int inserted = 0, updated = 0, unchanged = 0;
            var membersByCluster = _effective.ToLookup(m => m.ClusterId);
            foreach (var row in _clusters)
            {
                var members = membersByCluster[row.Id].OrderBy(m => m.ValidFrom).ThenBy(m => m.ProviderNumber, StringComparer.Ordinal).ToList();
                DateOnly? earliest = members.Count > 0 ? members[0].ValidFrom : null;
                if (_state.Clusters.TryGetValue(row.Id, out var cluster))
                {
                    var main = _state.Municipalities[cluster.MainMunicipalityCode].RegionCode == row.RegionCode
                        ? cluster.MainMunicipalityCode
                        : MainMunicipality(row.RegionCode, members);
                    var founded = earliest is { } e && e < cluster.FoundedOn ? e : cluster.FoundedOn;
                    if (cluster.Name == row.Name && cluster.RegionCode == row.RegionCode && cluster.DataSharing == row.DataSharing
                        && cluster.MainMunicipalityCode == main && cluster.FoundedOn == founded)
                    {
                        unchanged++;
                        continue;
                    }
                    cluster.Name = row.Name;
                    cluster.RegionCode = row.RegionCode;
                    cluster.DataSharing = row.DataSharing;
                    cluster.MainMunicipalityCode = main;
                    cluster.FoundedOn = founded;
                    updated++;
                }
                else
                {
                    cluster = new Cluster
                    {
                        Id = row.Id,
                        Name = row.Name,
                        RegionCode = row.RegionCode,
                        DataSharing = row.DataSharing,
                        MainMunicipalityCode = MainMunicipality(row.RegionCode, members),
                        FoundedOn = earliest ?? today,
                    };
                    db.Clusters.Add(cluster);
                    _state.Clusters[row.Id] = cluster;
                    inserted++;
                }
            }
            return new ImportCounts(inserted, updated, unchanged);
        }

        private int MainMunicipality(int regionCode, List<EffectiveMembership> members)
        {
            if (members.Count > 0)
            {
                var first = members[0].ProviderNumber;
                var code = _practiceRows.TryGetValue(first, out var row) ? row.MunicipalityCode : _state.Practices[first].MunicipalityCode;
                if (_state.Municipalities[code].RegionCode == regionCode) return code;
            }
            return _state.Municipalities.Where(m => m.Value.RegionCode == regionCode)
                .OrderByDescending(m => m.Value.Population).ThenBy(m => m.Key).First().Key;
        }

        private ImportCounts ApplyMemberships(KlyngeDbContext db)
        {
            int inserted = 0, updated = 0, unchanged = 0;
            var existing = _state.Memberships.ToDictionary(m => (_state.ProviderNumbers[m.PracticeId], m.ClusterId, m.ValidFrom));
            foreach (var row in _memberships)
            {
                if (existing.TryGetValue((row.ProviderNumber, row.ClusterId, row.ValidFrom), out var membership))
                {
                    if (membership.ValidTo == row.ValidTo)
                    {
                        unchanged++;
                        continue;
                    }
                    membership.ValidTo = row.ValidTo;
                    updated++;
                }
                else
                {
                    db.ClusterMemberships.Add(new ClusterMembership
                    {
                        Practice = _state.Practices[row.ProviderNumber],
                        Cluster = _state.Clusters[row.ClusterId],
                        ValidFrom = row.ValidFrom,
                        ValidTo = row.ValidTo,
                    });
                    inserted++;
                }
            }
            return new ImportCounts(inserted, updated, unchanged);
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string IsoOrOpen(DateOnly? date) => date is { } d ? Iso(d) : "open end";
}
