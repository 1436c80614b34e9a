using RegionLock.Ledger.Infrastructure;
using RegionLock.Ledger.Integrity;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The database's superuser at work behind the service's back: what the integrity machinery must catch.
/// </summary>
public static class Forger
{
    /// <summary>
    /// Edits an event (its device's model) and recomputes every leaf and chain hash after it, so that the chain is
    /// consistent again: only the signatures they cannot forge, or the witnesses, are left to tell. The tree's levels
    /// above the leaves are not recomputed: keep such a ledger below 256 events.
    /// </summary>
    public static async Task EditAndRechain(LedgerFixture ledger, long sequence)
    {
        await ledger.Sql($"update {LedgerSchema.EventTable} set data = jsonb_set(data, '{{model}}', '\"Other\"') where seq_id = {sequence}");
        await ledger.Sql(
            $"""
             with recursive leaves as (
               select c.sequence, c.leaf_index,
                      sha256('\x00'::bytea || convert_to({EventLeaves.EncodingSql.Replace("seq_id", "e.seq_id")}, 'UTF8')) as leaf_hash
               from {IntegritySchema.ChainTable} c join {LedgerSchema.EventTable} e on e.seq_id = c.sequence),
             chain as (
               select sequence, leaf_index, leaf_hash, sha256('\x0000000000000000000000000000000000000000000000000000000000000000'::bytea || leaf_hash) as chain_hash
               from leaves where leaf_index = 0
               union all
               select l.sequence, l.leaf_index, l.leaf_hash, sha256(c.chain_hash || l.leaf_hash)
               from chain c join leaves l on l.leaf_index = c.leaf_index + 1)
             update {IntegritySchema.ChainTable} t set leaf_hash = chain.leaf_hash, chain_hash = chain.chain_hash
             from chain where chain.sequence = t.sequence
             """);
    }
}
