using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// A closed set the ledger stores by name (a signal, a reason, an outcome): an enum whose every member carries its
/// stored name in <see cref="JsonStringEnumMemberNameAttribute"/>. Events are sealed and hashed as serialized, so a
/// stored name never changes once released; a member's C# name may. Commands keep the names as text, checked with
/// <see cref="StoredNameRules.OneOf{TCommand, T}"/>, and decisions turn them into members with <see cref="Parse"/>.
/// </summary>
public static class StoredName<T> where T : struct, Enum
{
    private static readonly T[] Members = Enum.GetValues<T>();

    private static readonly FrozenDictionary<T, string> Names = Members.ToFrozenDictionary(m => m, m =>
        typeof(T).GetField(m.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{typeof(T).Name}.{m} has no stored name"));

    private static readonly FrozenDictionary<string, T> ByName = Members.ToFrozenDictionary(m => Names[m], StringComparer.Ordinal);

    /// <summary>The stored names in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Members.Select(m => Names[m]).ToArray();

    public static string Of(T member) => Names[member];

    public static bool IsOne(string? name) => name is not null && ByName.ContainsKey(name);

    public static T Parse(string name) =>
        ByName.TryGetValue(name, out var member) ? member : throw new ArgumentException($"'{name}' is not a {typeof(T).Name}");
}

/// <summary>Writes and reads a closed set by its stored names only: never a number, never another spelling.</summary>
public sealed class StoredNameConverter<T>() : JsonStringEnumConverter<T>(namingPolicy: null, allowIntegerValues: false)
    where T : struct, Enum;

public static class StoredNameRules
{
    /// <summary>A command's text that must be one of the stored names of <typeparamref name="T"/>.</summary>
    public static IRuleBuilderOptions<TCommand, string> OneOf<TCommand, T>(this IRuleBuilder<TCommand, string> rule)
        where T : struct, Enum =>
        rule.NotEmpty().Must(StoredName<T>.IsOne)
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", StoredName<T>.All)}");
}
