using Klynge.Core.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Account;

public class LoginWith2faModel(SignInManager<KlyngeUser> signIn, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var code = Code.Replace(" ", "").Replace("-", "");
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false);
        if (result.Succeeded) return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        if (result.IsLockedOut) return RedirectToPage("Lockout");
        ModelState.AddModelError(string.Empty, l["Koden er forkert eller udløbet."]);
        return Page();
    }
}
