using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegionLock.Ledger.Infrastructure;

/// <summary>
/// The API description as an outside reader needs it (and as a standard linter checks it): operations grouped by
/// the area of the ledger they touch, each area described, the licence stated, server URLs without a trailing slash.
/// </summary>
public sealed class OpenApiDocumentation : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    // The first path segment after /api/ names the area.
    private static readonly Dictionary<string, string> Areas = new()
    {
        ["devices"] = "Devices: registration, observations, locks and unlocks, legal holds, each device's state and history",
        ["appeals"] = "Appeals of locks: filing, evidence, decisions, withdrawals and the erasure of the owner's personal data",
        ["investigations"] = "Investigations that hold locks pending their outcome",
        ["policy"] = "The restriction policy: which regions are restricted, from when, on which legal basis; the impact " +
                     "analysis of a change, proposals a second officer approves, and exemptions",
        ["reports"] = "The reports for regulators, as of any period and any past moment of knowledge",
        ["exports"] = "Signed export bundles of a report, verifiable offline",
        ["integrity"] = "The tamper-evident record: signed checkpoints, RFC 9162 proofs and verification jobs",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Info.Title = "RegionLock.Ledger";
        document.Info.Description = "The audit-grade ledger of region locks: every observation, lock, unlock, appeal, " +
                                    "investigation and policy change as an immutable, verifiable event.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary" };
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        document.Tags = Areas.Select(area => new OpenApiTag { Name = Name(area.Key), Description = area.Value })
            .ToHashSet();
        // No answer refers to it once the operations have dropped their "200: IResult" (below).
        document.Components?.Schemas?.Remove("IResult");
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var segments = context.Description.RelativePath?.Split('/') ?? [];
        if (segments is ["api", var area, ..] && Areas.ContainsKey(area))
            operation.Tags = new HashSet<OpenApiTagReference> { new(Name(area), context.Document) };
        // An endpoint answering with a result object gets a "200: IResult" from its return type; its real answers are
        // declared beside it.
        foreach (var (status, _) in operation.Responses?.Where(r => r.Value.Content?.Values
                     .Any(media => media.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true).ToList() ?? [])
            operation.Responses!.Remove(status);
        return Task.CompletedTask;
    }

    private static string Name(string area) => char.ToUpperInvariant(area[0]) + area[1..];
}
