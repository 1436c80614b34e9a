using System.Linq.Expressions;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// A page of a list read by its key rather than by an offset: the items after a cursor in key order, and the key to
/// pass for the next page. Each page costs the same however deep into ten years of entries it is.
/// </summary>
public static class KeysetPage
{
    public const int Size = 500;

    /// <param name="key">A version 7 UUID (or any key whose order is the order wanted), indexed as the document's id is.</param>
    /// <returns>At most <see cref="Size"/> items, and the cursor of the next page: null on the last.</returns>
    public static async Task<(IReadOnlyList<T> Items, Guid? Next)> Read<T>(IQueryable<T> query, Expression<Func<T, Guid>> key,
                                                                          Guid? after, CancellationToken cancellation) where T : notnull
    {
        if (after is { } cursor)
            query = query.Where(Expression.Lambda<Func<T, bool>>(
                Expression.GreaterThan(key.Body, Expression.Constant(cursor)), key.Parameters));
        var page = await query.OrderBy(key).Take(Size + 1).ToListAsync(cancellation);
        return page.Count > Size ? (page.Take(Size).ToList(), key.Compile()(page[Size - 1])) : (page, null);
    }
}
