using System.Net;

namespace RegionLock.Ledger.IntegrationTests.Support;

/// <summary>
/// The September 2021 incident on a ledger of its own: Iran, Cuba, Syria, Crimea, Sudan and North Korea restricted
/// from one instant, and Sudan's restriction lifted two months later (recorded today, effective then).
/// </summary>
public sealed class IncidentFixture() : LedgerFixture("ledger_incident_tests")
{
    public static readonly DateTimeOffset Restricted = new(2021, 9, 15, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SudanLifted = Restricted.AddDays(60);
    public static readonly string[] Regions = ["IR", "CU", "SY", "UA-43", "SD", "KP"];
    public const string LegalBasis = "15 CFR 746";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var region in Regions)
        {
            await (await Client.Post("/api/policy/restrictions",
                new { region, legalBasis = LegalBasis, reason = "comprehensive sanctions", effectiveFrom = Restricted }))
                .Read<object>(HttpStatusCode.Created);
        }
        await (await Client.Post("/api/policy/restrictions/SD/lift",
            new { legalBasis = "general licence", reason = "sanctions on Sudan eased", effectiveFrom = SudanLifted }))
            .Read<object>();
    }
}

[CollectionDefinition(Name)]
public sealed class IncidentCollection : ICollectionFixture<IncidentFixture>
{
    public const string Name = "incident";
}
