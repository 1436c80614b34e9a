// The namespaces nearly every slice uses: the stack's, and the service's own cross-cutting ones.
global using FluentValidation;
global using JasperFx.Events;
global using Marten;
global using Microsoft.AspNetCore.Mvc;
global using RegionLock.Ledger.Access;
global using RegionLock.Ledger.Infrastructure;
global using RegionLock.Ledger.Infrastructure.Problems;
global using RegionLock.Ledger.Infrastructure.Writes;
global using Wolverine.Http;
global using Wolverine.Marten;
global using RegionLock.Transparency;
global using RegionLock.Ledger.AccessLog;
