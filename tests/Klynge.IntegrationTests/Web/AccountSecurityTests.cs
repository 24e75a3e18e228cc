using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Klynge.Core.Access;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

public partial class AccountSecurityTests
{
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(20000000000L, "65353130")]
    public void Totp_matches_the_RFC_6238_SHA1_test_vectors(long unixTime, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal(expected, Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(unixTime), digits: 8));
        Assert.Equal(expected[2..], Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(unixTime)));
    }

    [Fact]
    public void Base32_decodes_the_RFC_4648_examples()
    {
        Assert.Equal("foobar", Encoding.ASCII.GetString(Totp.Base32Decode("MZXW6YTBOI======")));
        Assert.Equal("fooba", Encoding.ASCII.GetString(Totp.Base32Decode("mzxw 6ytb")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Five_wrong_passwords_lock_the_account(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var client = host.Anonymous();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await WebTestHost.SubmitLoginAsync(client, TestRegistry.GpA, "Forkert-kode-123");
            WebAssert.Status(HttpStatusCode.OK, wrong, $"wrong password {attempt}");
            Assert.Contains("Forkert e-mail eller adgangskode.", await WebAssert.TextAsync(wrong));
        }
        WebAssert.RedirectsTo("/Account/Lockout", await WebTestHost.SubmitLoginAsync(client, TestRegistry.GpA, "Forkert-kode-123"), "fifth wrong password");
        WebAssert.RedirectsTo("/Account/Lockout", await WebTestHost.SubmitLoginAsync(client, TestRegistry.GpA, TestRegistry.Password), "right password while locked out");

        WebAssert.Status(HttpStatusCode.Unauthorized, await client.GetAsync("/api/clusters"), "locked-out client");
        await using var db = host.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == TestRegistry.GpA);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {user.LockoutEnd}");
        // Other accounts are unaffected.
        await host.LoginAsync(TestRegistry.StaffA);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Authenticator_app_becomes_the_second_step_of_the_log_in(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var client = await host.LoginAsync(TestRegistry.CoordinatorC);

        var manage = await WebAssert.TextAsync(await client.GetAsync("/Account/Manage"));
        var shownKey = AuthenticatorKey().Match(manage).Groups["key"].Value;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KlyngeUser>>();
            var stored = await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(TestRegistry.CoordinatorC))!);
            Assert.Equal(stored, shownKey.Replace(" ", "").ToUpperInvariant());
        }
        var key = Totp.Base32Decode(shownKey);

        var wrongEnable = await WebTestHost.PostFormAsync(client, "/Account/Manage?handler=Enable", ClusterAdministrationTests.Form(("code", WrongCode(key))));
        WebAssert.Status(HttpStatusCode.OK, wrongEnable, "enabling with a wrong code");
        Assert.Contains("Koden er forkert eller udløbet.", await WebAssert.TextAsync(wrongEnable));

        var enable = await WebTestHost.PostFormAsync(client, "/Account/Manage?handler=Enable", ClusterAdministrationTests.Form(("code", Totp.Code(key, DateTimeOffset.UtcNow))));
        WebAssert.RedirectsTo("/Account/Manage", enable, "enabling with the current code");
        await using (var db = host.NewContext())
            Assert.True((await db.Users.SingleAsync(u => u.Email == TestRegistry.CoordinatorC)).TwoFactorEnabled);

        var browser = host.Anonymous();
        var password = await WebTestHost.SubmitLoginAsync(browser, TestRegistry.CoordinatorC, TestRegistry.Password);
        WebAssert.RedirectsTo("/Account/LoginWith2fa", password, "password of a user with two-factor");
        WebAssert.Status(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/clusters"), "after the password only");

        var secondStep = password.Headers.Location!.OriginalString;
        var wrong = await WebTestHost.PostFormAsync(browser, "/Account/LoginWith2fa", ClusterAdministrationTests.Form(("Code", WrongCode(key))), secondStep);
        WebAssert.Status(HttpStatusCode.OK, wrong, "wrong second-step code");
        Assert.Contains("Koden er forkert eller udløbet.", await WebAssert.TextAsync(wrong));

        var right = await WebTestHost.PostFormAsync(browser, "/Account/LoginWith2fa", ClusterAdministrationTests.Form(("Code", Totp.Code(key, DateTimeOffset.UtcNow))), secondStep);
        WebAssert.RedirectsTo("/", right, "current second-step code");
        var clusters = await browser.GetAsync("/api/clusters");
        WebAssert.Status(HttpStatusCode.OK, clusters, "signed in after both steps");
        Assert.Contains(host.Registry.ClusterC.Name, await clusters.Content.ReadAsStringAsync());
    }

    /// <summary>Return addresses a browser would follow off the site (it drops tabs and newlines) or that are not a path.</summary>
    private static readonly string[] ForeignReturnUrls =
        ["/\t/evil.example", "/\n/evil.example", "\t", "/Topics\r\nLocation: https://evil.example/", "/\u0001", "//evil.example", "/\\evil.example", "https://evil.example/"];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Language_switch_returns_to_local_paths_only_and_never_fails_on_control_characters(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var client = host.Anonymous();

        foreach (var returnUrl in ForeignReturnUrls)
        {
            var response = await WebTestHost.PostFormAsync(client, "/culture",
                ClusterAdministrationTests.Form(("culture", "en-GB"), ("returnUrl", returnUrl)), tokenPage: "/Account/Login");
            WebAssert.Status(HttpStatusCode.Redirect, response, $"language switch back to {Escaped(returnUrl)}");
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
        var local = await WebTestHost.PostFormAsync(client, "/culture",
            ClusterAdministrationTests.Form(("culture", "da-DK"), ("returnUrl", "/Topics?q=antibiotika")), tokenPage: "/Account/Login");
        WebAssert.Status(HttpStatusCode.Redirect, local, "language switch back to a local page");
        Assert.Equal("/Topics?q=antibiotika", local.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Log_in_returns_to_local_paths_only_and_never_fails_on_control_characters(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);

        foreach (var returnUrl in ForeignReturnUrls)
        {
            var inForm = await LoginReturningToAsync(host.Anonymous(), "/Account/Login", returnUrl);
            WebAssert.Status(HttpStatusCode.Redirect, inForm, $"log-in with {Escaped(returnUrl)} in the form");
            Assert.Equal("/", inForm.Headers.Location?.OriginalString);

            var inQuery = await LoginReturningToAsync(host.Anonymous(), "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), null);
            WebAssert.Status(HttpStatusCode.Redirect, inQuery, $"log-in with {Escaped(returnUrl)} in the address");
            Assert.Equal("/", inQuery.Headers.Location?.OriginalString);
        }
        var local = await LoginReturningToAsync(host.Anonymous(), "/Account/Login", "/Topics?q=antibiotika");
        WebAssert.Status(HttpStatusCode.Redirect, local, "log-in returning to a local page");
        Assert.Equal("/Topics?q=antibiotika", local.Headers.Location?.OriginalString);
    }

    private static Task<HttpResponseMessage> LoginReturningToAsync(HttpClient client, string url, string? returnUrl)
    {
        var form = ClusterAdministrationTests.Form(("Input.Email", TestRegistry.GpA), ("Input.Password", TestRegistry.Password));
        if (returnUrl is not null) form["ReturnUrl"] = returnUrl;
        return WebTestHost.PostFormAsync(client, url, form);
    }

    private static string Escaped(string url) => Uri.EscapeDataString(url);

    /// <summary>A code that is valid in no step Identity accepts around now.</summary>
    private static string WrongCode(byte[] key)
    {
        var now = DateTimeOffset.UtcNow;
        var near = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, now.AddSeconds(step * Totp.StepSeconds))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !near.Contains(code));
    }

    [GeneratedRegex("<code data-authenticator-key[^>]*>(?<key>[a-z2-7 ]+)</code>")]
    private static partial Regex AuthenticatorKey();
}
