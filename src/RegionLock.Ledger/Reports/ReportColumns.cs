using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace RegionLock.Ledger.Reports;

/// <summary>
/// A report's row type is its column list: the properties in declaration order, named in snake_case as the files
/// name them (InvestigationId is investigation_id). A report cannot name a column without giving it a value.
/// </summary>
public static class ReportColumns<TRow>
{
    private static readonly PropertyInfo[] Properties =
        typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken).ToArray();

    public static readonly IReadOnlyList<string> Names =
        Properties.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToArray();

    /// <summary>
    /// The columns that name a row (marked <see cref="KeyAttribute"/>): a delta export tells a changed row from a removed
    /// and an added one by them.
    /// </summary>
    public static readonly IReadOnlyList<int> Key =
        Enumerable.Range(0, Properties.Length).Where(i => Properties[i].IsDefined(typeof(KeyAttribute))).ToArray();

    public static IReadOnlyList<object?> Values(TRow row) => Properties.Select(p => p.GetValue(row)).ToArray();
}
