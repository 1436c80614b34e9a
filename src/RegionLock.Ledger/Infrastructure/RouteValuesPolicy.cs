using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using RegionLock.Ledger.Devices;
using RegionLock.Ledger.Regions;
using Wolverine.Http.CodeGen;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Route values are checked before anything is loaded, so that a malformed {imei}, {region} or {id} is a 400 that
/// says what is wrong rather than a misleading 404.
/// </summary>
public sealed class RouteValuesPolicy : IHttpPolicy
{
    private static readonly string[] Checked = [nameof(RouteValues.Imei), nameof(RouteValues.Region), nameof(RouteValues.Id)];

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            foreach (var name in Checked.Where(n => chain.RoutePattern?.GetParameter(n.ToLowerInvariant()) is not null))
            {
                var call = new MethodCall(typeof(RouteValues), name);
                chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
            }
        }
    }
}

public static class RouteValues
{
    public static IResult Imei(string imei) =>
        Check(Devices.Imei.IsValid(imei), "imei", $"'{imei}' is not a valid IMEI (15 digits, Luhn check digit)");

    public static IResult Region(string region) =>
        Check(RegionCatalogue.Shared.IsKnown(region), "region",
              $"'{region}' is not an ISO 3166-1 alpha-2 or ISO 3166-2 code");

    public static IResult Id(string id) =>
        Check(Guid.TryParseExact(id, "D", out var guid) && guid.ToString() == id, "id",
              $"'{id}' is not an identifier of this ledger (a lower-case UUID)");

    private static IResult Check(bool valid, string name, string message) =>
        valid
            ? WolverineContinue.Result()
            : Results.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] },
                                        title: "The request is not valid");
}
