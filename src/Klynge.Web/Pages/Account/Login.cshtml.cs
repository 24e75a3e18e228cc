using System.ComponentModel.DataAnnotations;
using Klynge.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Account;

public class LoginModel(SignInManager<KlyngeUser> signIn, IStringLocalizer<SharedResource> l) : PageModel
{
    public class InputModel
    {
        [Required(ErrorMessage = "Skriv din e-mail."), EmailAddress(ErrorMessage = "Det er ikke en gyldig e-mailadresse.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Skriv din adgangskode."), DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(SafeReturnUrl(ReturnUrl));
        if (result.RequiresTwoFactor) return RedirectToPage("LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        if (result.IsLockedOut) return RedirectToPage("Lockout");
        ModelState.AddModelError(string.Empty, l["Forkert e-mail eller adgangskode."]);
        return Page();
    }

    /// <summary>
    /// The return address if it is a path on this site, else the front page. The framework's check also refuses
    /// control characters: browsers drop a tab or newline, so "/\t/evil.example" would be followed as "//evil.example".
    /// </summary>
    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && RedirectHttpResult.IsLocalUrl(url) ? url : "/";
}
