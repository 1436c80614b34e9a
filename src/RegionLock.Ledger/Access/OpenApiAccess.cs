using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RegionLock.Ledger.Access;

/// <summary>
/// The API description says what a caller needs: a bearer token (the document's security scheme) and, on each
/// operation, the roles that <see cref="AllowAttribute"/> admits.
/// </summary>
public sealed class OpenApiAccess : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Scheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"A JWT whose `role` claims name the caller's roles: {string.Join(", ", Role.All)}.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AllowAttribute>().FirstOrDefault() is not { } allow)
            return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] });
        operation.Description = $"Roles: {string.Join(", ", allow.Permitted)}." +
                                (string.IsNullOrEmpty(operation.Description) ? "" : $" {operation.Description}");
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token (a problem document says why)" });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token holds none of the roles" });
        return Task.CompletedTask;
    }
}
