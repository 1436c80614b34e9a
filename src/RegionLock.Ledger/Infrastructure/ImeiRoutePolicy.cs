using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using RegionLock.Ledger.Devices;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>An {imei} in a route must be a valid IMEI before anything is loaded: a 400, not a misleading 404.</summary>
public sealed class ImeiRoutePolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.RoutePattern?.GetParameter("imei") is not null))
        {
            var call = new MethodCall(typeof(ImeiRoute), nameof(ImeiRoute.Validate));
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class ImeiRoute
{
    public static IResult Validate(string imei) =>
        Imei.IsValid(imei)
            ? WolverineContinue.Result()
            : Results.ValidationProblem(
                new Dictionary<string, string[]> { ["imei"] = [$"'{imei}' is not a valid IMEI (15 digits, Luhn check digit)"] },
                title: "The request is not valid");
}
