using Marten;
using Microsoft.AspNetCore.Mvc;
using RegionLock.Ledger.Infrastructure.Problems;
using Wolverine.Http;

namespace RegionLock.Ledger.Appeals.Reading;

public static class AppealEndpoint
{
    [WolverineGet("/api/appeals/{id}"), ProducesResponseType<Appeal>(200)]
    public static async Task<Appeal> Get(string id, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<Appeal>(id, cancellation) ?? throw new NotInLedger($"appeal {id} is not in the ledger");
}
