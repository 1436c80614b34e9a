using JasperFx;
using RegionLock.Ledger.Infrastructure;
using Spectre.Console;

// The command line's own chatter (command discovery, help) goes to standard error, so that standard output carries
// only what a command produces: a token, a report.
AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

var builder = WebApplication.CreateBuilder(args);
builder.AddLedger();

var app = builder.Build();
app.UseLedger();

// With no arguments this serves HTTP; otherwise it runs a command (db-apply, projections, ...).
return await app.RunJasperFxCommands(args);

public partial class Program;
