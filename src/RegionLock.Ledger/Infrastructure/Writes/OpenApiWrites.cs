using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>Describes on every write the two headers the write pipeline reads, the one it answers with, and the refusals they can bring.</summary>
public sealed class OpenApiWrites : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<WriteEndpoint>().FirstOrDefault() is not { } write)
            return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(ExpectedVersion.Header, write.ChangesLoadedStream
            ? "The stream versions (strong entity tags, such as \"3\", or *) the write was decided on; any other version is a 412. Required (428 without it) where Http:RequireIfMatch is set."
            : "This write changes no existing stream: any If-Match is a 412."));
        operation.Parameters.Add(Header(IdempotencyKey.Header,
            "1 to 255 visible ASCII characters, unique per request of the caller: a retry with the key of a committed write receives that write's first answer (with Idempotent-Replayed: true) and appends nothing; the key with another request is a 422. Remembered for Idempotency:RetentionDays (30 by default)."));
        operation.Responses ??= new OpenApiResponses();
        foreach (var (_, success) in operation.Responses.Where(r => r.Key.StartsWith('2')))
        {
            if (success is not OpenApiResponse response) continue;
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[AppendedSequences.Header] = new OpenApiHeader
            {
                Description = "The global sequence of each event the write appended, comma-separated: ask /api/integrity/log/proof/{sequence} for its receipt once a published checkpoint covers it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        var problem = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document);
        operation.Responses.TryAdd("409", Problem(problem, "The ledger's state forbids the write, the stream changed between read and commit, or a retry raced its key's first request"));
        operation.Responses.TryAdd("412", Problem(problem, "If-Match does not match the stream's current version"));
        operation.Responses.TryAdd("422", Problem(problem, "The Idempotency-Key was used for a different request"));
        operation.Responses.TryAdd("413", Problem(problem, "The request body, or an event it would append, is larger than the ledger takes (an event's log entry is at most 65,535 bytes)"));
        if (write.ChangesLoadedStream)
            operation.Responses.TryAdd("428", Problem(problem, "If-Match is missing where Http:RequireIfMatch requires it"));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };
}
