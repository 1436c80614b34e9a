using RegionLock.Ledger.PersonalData;

namespace RegionLock.Ledger.Appeals.Reading;

public static class AppealEndpoint
{
    // The contact is decrypted for the reader, or reads as erased once its key is destroyed.
    [Allow(Role.Support, Role.Compliance, Role.Auditor)]
    [RecordsAccess("appeal", "id")]
    [WolverineGet("/api/appeals/{id}"), ProducesResponseType<Appeal>(200)]
    public static async Task<Appeal> Get(string id, IQuerySession session, PersonalDataVault vault,
                                         CancellationToken cancellation)
    {
        var appeal = await session.LoadAsync<Appeal>(id, cancellation)
                     ?? throw new NotInLedger($"appeal {id} is not in the ledger");
        return appeal with { Contact = await vault.Reveal(appeal.Contact, cancellation) };
    }
}
