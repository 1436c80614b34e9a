using System.Text.Json;
using RegionLock.Ledger.Infrastructure.Writes;
using RegionLock.Ledger.IntegrationTests.Support;

namespace RegionLock.Ledger.IntegrationTests.Infrastructure;

/// <summary>The API description, as outsiders read it: a standard linter finds nothing wrong, every write says how to retry it.</summary>
[Collection(LedgerCollection.Name)]
public sealed class OpenApiDocumentTests(LedgerFixture ledger)
{
    [Fact]
    public async Task the_api_description_passes_redocly_lint_with_no_error_and_no_warning()
    {
        var linter = Path.Combine(Tool.RepositoryRoot(), "ops", "openapi-lint");
        var redocly = Path.Combine(linter, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), "Redocly CLI is not installed: ops/test installs it (npm ci in ops/openapi-lint)");
        var document = Path.Combine(Directory.CreateTempSubdirectory("regionlock-openapi-").FullName, "openapi.json");
        await File.WriteAllTextAsync(document, await ledger.Client.GetStringAsync("/openapi/v1.json"));

        var (exit, output) = Tool.Run(redocly, "lint", "--config", Path.Combine(linter, "redocly.yaml"), document);

        Assert.True(exit == 0, output);
        Assert.Contains("Your API description is valid", output);
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(output, @"You have \d+ warnings?"), output);
    }

    [Fact]
    public async Task every_write_describes_if_match_idempotency_key_and_their_refusals()
    {
        var document = JsonDocument.Parse(await ledger.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var writes = document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty("post", out _) &&
                           path.Name is not ("/api/exports" or "/api/integrity/verifications" or "/api/policy/impact" or "/api/devices/status"
                                         or "/api/disclosures/{id}/reproduction"))
            .Select(path => (path.Name, Post: path.Value.GetProperty("post"))).ToList();

        Assert.True(writes.Count >= 16, $"only {writes.Count} writes described");
        Assert.All(writes, write =>
        {
            var headers = write.Post.GetProperty("parameters").EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString());
            Assert.Equal(new[] { ExpectedVersion.Header, IdempotencyKey.Header }.Order(), headers.Order());
            Assert.All(new[] { "409", "412", "422" }, status => Assert.True(
                write.Post.GetProperty("responses").TryGetProperty(status, out _), $"{write.Name} does not describe {status}"));
        });
    }
}
