namespace RegionLock.Ledger.WebConsole;

/// <summary>The browser console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleSettings
{
    public const string Section = "Console";

    /// <summary>
    /// The development sign-in (pick a subject and roles), for a machine of one's own: on in Development, off elsewhere
    /// unless set; every page then says so in a banner.
    /// </summary>
    public bool? DevelopmentSignIn { get; set; }
}
