using JasperFx;
using RegionLock.Ledger.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddLedger();

var app = builder.Build();
app.UseLedger();

// With no arguments this serves HTTP; otherwise it runs a command (db-apply, projections, ...).
return await app.RunJasperFxCommands(args);

public partial class Program;
