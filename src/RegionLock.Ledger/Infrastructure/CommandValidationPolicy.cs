using System.Text.Json;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http.CodeGen;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body before anything else and ends the request
/// with a 400 validation problem when it fails. Written here because no Wolverine FluentValidation package is
/// served for this version; it is the same shape as Wolverine's own policy.
/// </summary>
public sealed class CommandValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var validator = typeof(IValidator<>).MakeGenericType(chain.RequestType!);
            if (!container.RegistrationsFor(validator).Any()) continue;

            chain.Metadata.ProducesValidationProblem();
            var method = typeof(CommandValidation).GetMethod(nameof(CommandValidation.Validate))!
                .MakeGenericMethod(chain.RequestType!);
            var call = new MethodCall(typeof(CommandValidation), method);
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class CommandValidation
{
    public static async Task<IResult> Validate<T>(IValidator<T> validator, T? command)
    {
        if (command is null)
            return Results.Problem(statusCode: 400, title: "The request is not valid", detail: "a JSON object is required");
        var result = await validator.ValidateAsync(command);
        if (result.IsValid) return WolverineContinue.Result();

        var errors = result.Errors.GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        return Results.ValidationProblem(errors, title: "The request is not valid",
            detail: string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
    }
}
