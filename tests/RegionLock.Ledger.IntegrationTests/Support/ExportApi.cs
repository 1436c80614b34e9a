using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using RegionLock.Ledger.Exports;
using RegionLock.Ledger.Reports;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>An export as the API hands it over: the zip, its files unpacked into a folder, and its manifest's SHA-256.</summary>
public sealed record ExportedBundle(byte[] Zip, string Folder, string ManifestSha256, Guid DisclosureId)
{
    public byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(Folder, name));
}

public static class ExportApi
{
    /// <summary>A bundle written by the service's own <see cref="ExportBundle"/>, its files by name.</summary>
    public static async Task<SortedDictionary<string, byte[]>> Files(this ExportBundle bundle, string report, ReportRequest request)
    {
        var folder = Directory.CreateTempSubdirectory("regionlock-bundle-").FullName;
        await bundle.Write(folder, report, request, null, CancellationToken.None);
        return new(Directory.GetFiles(folder).ToDictionary(path => Path.GetFileName(path), System.IO.File.ReadAllBytes), StringComparer.Ordinal);
    }

    public static async Task<ExportedBundle> Export(this HttpClient client, object body) =>
        await Bundle(await client.Post("/api/exports", body));

    public static async Task<ExportedBundle> Bundle(HttpResponseMessage response)
    {
        var zip = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(zip));
        var folder = Directory.CreateTempSubdirectory("regionlock-export-").FullName;
        using (var archive = new ZipArchive(new MemoryStream(zip))) archive.ExtractToDirectory(folder);
        var name = response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!;
        var disclosure = Guid.Parse(Path.GetFileNameWithoutExtension(name.Trim('"')).Split('_')[^1]);
        return new ExportedBundle(zip, folder, Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(Path.Combine(folder, "manifest.json")))),
                                  disclosure);
    }
}
