using JasperFx;
using Spectre.Console;

// The command line's own chatter (command discovery, help) goes to standard error, so that standard output carries
// only what a command produces: a token, a report.
AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

var builder = WebApplication.CreateBuilder(args);
builder.AddLedger();

var app = builder.Build();
app.UseLedger();

// With no arguments this serves HTTP, as any ASP.NET Core service (JasperFx's command runner would first announce its
// search for commands); otherwise it runs a command (db-apply, projections, ...). A command that failed may say how
// (verify: 1 tampered, 2 could not verify) through Environment.ExitCode.
if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}
var exit = await app.RunJasperFxCommands(args);
return exit == 0 ? 0 : Math.Max(exit, Environment.ExitCode);

public partial class Program;
