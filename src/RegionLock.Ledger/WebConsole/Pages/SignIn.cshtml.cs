using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RegionLock.Ledger.WebConsole.Pages;

/// <summary>
/// Sign-in through the organisation's identity provider, where Console:OpenIdConnect names the console's client; and
/// the development sign-in (a subject and roles picked by hand) where <see cref="ConsoleSettings.DevelopmentSignIn"/>
/// allows it. Sign-out ends the console's session here.
/// </summary>
public sealed class SignInModel(ConsoleSignIn signIn) : PageModel
{
    public static readonly IReadOnlyList<string> Roles = Role.Staff;

    public ConsoleSignIn Ways => signIn;

    [BindProperty] public string Subject { get; set; } = "";
    [BindProperty] public List<string> Picked { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Problem { get; private set; }

    private string Return => ConsolePages.ReturnPath(ReturnUrl);

    public void OnGet()
    {
    }

    public IActionResult OnPostProvider() => signIn.IdentityProvider
        ? Challenge(new AuthenticationProperties { RedirectUri = Return }, IdentityProviderSignIn.Scheme)
        : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!signIn.DevelopmentSignIn) return NotFound();
        Picked = Picked.Where(Roles.Contains).ToList();
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > 100 || Picked.Count == 0)
        {
            Problem = "Give a subject (up to 100 characters) and at least one role.";
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleSetup.Scheme, IdentityProviderSignIn.Principal(Subject.Trim(), Picked));
        return LocalRedirect(Return);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSetup.Scheme);
        return LocalRedirect("/console/sign-in");
    }
}
