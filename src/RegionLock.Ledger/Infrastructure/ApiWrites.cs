namespace RegionLock.Ledger.Infrastructure;

/// <summary>A request that may change the ledger: a method other than GET, HEAD or OPTIONS, under /api.</summary>
public static class ApiWrites
{
    public static bool Is(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
}
