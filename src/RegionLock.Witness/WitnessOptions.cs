using RegionLock.Transparency;

namespace RegionLock.Witness;

/// <summary>
/// The witness's command line: <c>--key FILE --state FILE --log-vkey VKEY [--log-vkey VKEY ...] --listen ADDR
/// [--name NAME] [--print-vkey]</c>. The key is an Ed25519 private key in PEM (created there when missing); each log
/// is known by its verifier key, whose name is the log's origin.
/// </summary>
public sealed record WitnessOptions(string KeyFile, string StateFile, IReadOnlyList<NoteVerifier> Logs, string Listen,
                                    string Name, bool PrintVkeyOnly)
{
    public const string Usage =
        "witness --key FILE --state FILE --log-vkey VKEY [--log-vkey VKEY ...] --listen HOST:PORT [--name NAME] [--print-vkey]";

    public static WitnessOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>();
        var printVkey = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--print-vkey")
            {
                printVkey = true;
                continue;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"unexpected '{args[i]}'");
            values.TryAdd(args[i], []);
            values[args[i]].Add(args[++i]);
        }
        string One(string option, string? fallback = null) =>
            values.TryGetValue(option, out var given) ? given[^1] : fallback ?? throw new ArgumentException($"{option} is required");

        var logs = values.GetValueOrDefault("--log-vkey", []).Select(NoteVerifier.Parse).ToList();
        if (logs.Any(log => log.Type != NoteSignatureType.Ed25519))
            throw new ArgumentException("a log's vkey is an Ed25519 note key (type 0x01)");
        var name = One("--name", $"{Environment.MachineName.ToLowerInvariant()}/witness");
        return new WitnessOptions(One("--key"), printVkey ? "" : One("--state"), logs, printVkey ? "" : One("--listen"),
                                  name, printVkey);
    }
}
