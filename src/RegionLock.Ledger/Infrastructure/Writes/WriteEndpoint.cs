namespace RegionLock.Ledger.Infrastructure.Writes;

/// <summary>
/// Endpoint metadata that <see cref="WritePipelinePolicy"/> puts on every write: it is how the API description and
/// the tests find the writes.
/// </summary>
/// <param name="ChangesLoadedStream">The write changes a stream it loads, so If-Match names that stream's version.</param>
public sealed record WriteEndpoint(bool ChangesLoadedStream);
