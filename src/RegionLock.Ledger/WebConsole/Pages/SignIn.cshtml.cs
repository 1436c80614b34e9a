using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RegionLock.Ledger.WebConsole.Pages;

/// <summary>
/// The development sign-in: a subject and roles picked by hand, where <see cref="ConsoleSettings.DevelopmentSignIn"/>
/// allows it; otherwise the page says so and signs nobody in.
/// </summary>
public sealed class SignInModel(ConsoleSignIn signIn) : PageModel
{
    public static readonly IReadOnlyList<string> Roles = Role.Staff;

    public bool Available => signIn.DevelopmentSignIn;

    [BindProperty] public string Subject { get; set; } = "";
    [BindProperty] public List<string> Picked { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Available) return NotFound();
        Picked = Picked.Where(Roles.Contains).ToList();
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > 100 || Picked.Count == 0)
        {
            Problem = "Give a subject (up to 100 characters) and at least one role.";
            return Page();
        }
        var claims = Picked.Select(r => new Claim(BearerTokens.RoleClaim, r)).Prepend(new Claim(BearerTokens.NameClaim, Subject.Trim()));
        await HttpContext.SignInAsync(ConsoleSetup.Scheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleSetup.Scheme, BearerTokens.NameClaim, BearerTokens.RoleClaim)));
        // Only a path of the console itself: never an open redirect.
        return LocalRedirect(ReturnUrl is { } url && url.StartsWith("/console", StringComparison.Ordinal) ? url : "/console");
    }
}
