using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.Core.Reflection;
using Wolverine.Http.CodeGen;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// One pipeline for every write endpoint, inside its Wolverine chain and its Marten session: the Idempotency-Key is
/// checked first (a retry is answered before anything is loaded), the If-Match condition once the stream is loaded,
/// and once the events are decided they are stamped with the command's metadata and the key's claim with the answer
/// joins the unit of work that commits them; once committed, the answer names the events' global sequences. An
/// endpoint cannot opt out but by saying it appends nothing.
/// </summary>
public sealed class WritePipelinePolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(IsWrite))
        {
            var check = new MethodCall(typeof(IdempotencyKey), nameof(IdempotencyKey.Check));
            chain.Middleware.InsertRange(0, [check, new MaybeEndWithResultFrame(check.ReturnVariable!)]);

            var stream = LoadedStream(chain);
            chain.Metadata.WithMetadata(new WriteEndpoint(stream is not null));
            chain.Middleware.Add(stream is null
                ? new MethodCall(typeof(ExpectedVersion), nameof(ExpectedVersion.CheckWithoutStream))
                : Generic(nameof(ExpectedVersion.Check), typeof(ExpectedVersion), stream));

            // After the decision, before the commit: the events are stamped, the key's answer joins the unit of work.
            var answer = chain.Method.Creates.FirstOrDefault()
                ?? throw new InvalidOperationException($"{chain.RoutePattern?.RawText}: a write must answer with a body a retry can be given");
            var record = Generic(nameof(IdempotencyKey.Record), typeof(IdempotencyKey), answer.VariableType);
            record.Arguments[2] = answer;
            var stamp = chain.RequestType?.IsAssignableTo(typeof(ICommandWithReason)) == true
                ? Generic(nameof(CommandMetadata.StampWithReason), typeof(CommandMetadata), chain.RequestType)
                : new MethodCall(typeof(CommandMetadata), nameof(CommandMetadata.Stamp));
            chain.Postprocessors.InsertRange(0, [stamp, record, new MethodCall(typeof(AppendedSequences), nameof(AppendedSequences.Promise))]);
        }
    }

    public static bool IsWrite(HttpChain chain) =>
        chain.HttpMethods.Contains("POST") && !chain.Method.Method.HasAttribute<AsksNoChangeAttribute>();

    // The aggregate of the stream the write loads to change, whose version If-Match names; none for other writes.
    private static Type? LoadedStream(HttpChain chain) =>
        chain.Method.Method.GetParameters().Select(p => p.ParameterType)
            .FirstOrDefault(t => t.Closes(typeof(IEventStream<>)))?.GetGenericArguments()[0];

    private static MethodCall Generic(string name, Type type, Type argument) =>
        new(type, type.GetMethod(name)!.MakeGenericMethod(argument));
}
