using System.Text;
using Klynge.Core.Access;
using Klynge.Core.Audit;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Klynge.Web.Pages.Account.Manage;

public class IndexModel(UserManager<KlyngeUser> users, SignInManager<KlyngeUser> signIn, KlyngeDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public IList<string> RoleNames { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(string code)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code.Replace(" ", ""));
        if (!valid)
        {
            ModelState.AddModelError(string.Empty, l["Koden er forkert eller udløbet."]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        db.Record(user.UserName!, "account.2fa.enable", "user", user.Id);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = l["Totrinsbekræftelse er slået til."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        db.Record(user.UserName!, "account.2fa.disable", "user", user.Id);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private async Task LoadAsync(KlyngeUser user)
    {
        DisplayName = user.DisplayName;
        Email = user.Email ?? "";
        RoleNames = await users.GetRolesAsync(user);
        TwoFactorEnabled = user.TwoFactorEnabled;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = Format(key!);
        AuthenticatorUri = $"otpauth://totp/Klynge:{Uri.EscapeDataString(Email)}?secret={key}&issuer=Klynge&digits=6";
    }

    private static string Format(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return result.ToString().Trim().ToLowerInvariant();
    }
}
