using System.Security.Cryptography;
using System.Text;
using RegionLock.Transparency;

namespace RegionLock.Witness;

/// <summary>The witness's entry point: reads the command line, then serves add-checkpoint and the monitoring API.</summary>
public static class WitnessProgram
{
    public static async Task<int> Main(string[] args)
    {
        WitnessOptions options;
        try
        {
            options = WitnessOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"{e.Message}\nusage: {WitnessOptions.Usage}");
            return 2;
        }

        if (!File.Exists(options.KeyFile))
        {
            File.WriteAllText(options.KeyFile, NoteSigner.GenerateKey());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(options.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var cosigner = NoteSigner.FromPem(options.Name, NoteSignatureType.CosignatureV1, File.ReadAllText(options.KeyFile));
        Console.WriteLine(cosigner.Verifier);
        if (options.PrintVkeyOnly) return 0;

        // Its command line is its only configuration: no settings file of the folder it runs in applies. Standard
        // output carries its vkey and address; warnings go to standard error.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://{options.Listen}");
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        var state = new WitnessState(options.StateFile);
        var evidence = new Evidence(options.StateFile + ".evidence.jsonl", TimeProvider.System);
        var witness = new AddCheckpoint(options.Logs, cosigner, state, TimeProvider.System);

        app.MapPost("/add-checkpoint", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            string body;
            try
            {
                body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            }
            catch (DecoderFallbackException)
            {
                return Results.Text("a request is UTF-8\n", statusCode: 400);
            }
            var answer = await witness.Handle(body);
            if (answer.IsEvidence) evidence.Keep(answer.Body, answer.Held, body);
            return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
        });

        // The monitoring API: the latest checkpoint cosigned for a log, by the hex SHA-256 of its origin.
        app.MapGet("/{originHash}/checkpoint", async (string originHash) =>
        {
            var origin = options.Logs.Select(log => log.Name)
                .FirstOrDefault(name => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) == originHash);
            var latest = origin is null ? null : await state.Latest(origin);
            return latest is null
                ? Results.Text("no checkpoint cosigned for that log\n", statusCode: 404)
                : Results.Text(latest.Note, "text/plain; charset=utf-8");
        });

        await app.StartAsync();
        Console.WriteLine($"witness {options.Name} listening on {string.Join(", ", app.Urls)}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
