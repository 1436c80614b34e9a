using JasperFx.CommandLine;

namespace RegionLock.Ledger.Integrity.Log;

/// <summary>`log-key`: prints the log's verifier key (signed-note vkey), what a witness is started with.</summary>
[Description("Print the transparency log's verifier key (c2sp.org/signed-note vkey) for witnesses and auditors", Name = "log-key")]
public sealed class LogKeyCommand : JasperFxCommand<NetCoreInput>
{
    public override bool Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        Console.WriteLine(host.Services.GetRequiredService<LogSigner>().Current.Note.Verifier);
        return true;
    }
}
