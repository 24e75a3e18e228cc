using System.Globalization;
using Klynge.Core.Access;
using Klynge.Core.Audit;
using Klynge.Core.Coordination;
using Klynge.Core.Data;
using Klynge.Core.Funds;
using Klynge.Core.Mail;
using Klynge.Core.Indicators;
using Klynge.Core.Meetings;
using Klynge.Core.Registry;
using Klynge.Core.Packages;
using Klynge.Core.Topics;
using Klynge.Printing;
using Klynge.Web.Access;
using Klynge.Web.Api;
using Klynge.Web.Demo;
using Klynge.Web.Mail;
using Klynge.Web.Packages;
using Klynge.Web.Meetings;
using Klynge.Web.Prescribing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Klynge.Web;

public static class KlyngeWebApp
{
    public static readonly CultureInfo[] Cultures = [new("da-DK"), new("en-GB")];

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;
        var database = DatabaseSettings.From(builder.Configuration);

        services.AddSingleton(TimeProvider.System);
        // Loaded here, before anything is served: a broken topic or indicator file stops the platform at start-up
        // with every problem listed (TopicCatalogueException / IndicatorCatalogueException).
        var topics = TopicLibrary.Load(builder.Configuration["Klynge:Topics:Folder"], builder.Configuration["Klynge:Indicators:Folder"]);
        services.AddSingleton(topics);
        // The catalogue pages read the same, already checked catalogue, so both honour Klynge:Indicators:Folder.
        services.AddSingleton(new IndicatorLibrary(topics.Indicators));
        services.AddDbContext<KlyngeDbContext>(o => DatabaseOptions.Apply(o, database.Provider, database.ConnectionString));
        services.AddIdentity<KlyngeUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<KlyngeDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "klynge.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The JSON API answers with status codes, never with a redirect to the log-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Analyst, p => p.RequireRole(Roles.Analyst, Roles.Admin));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/Index");
                o.Conventions.AllowAnonymousToPage("/Error");
                // Page by page: an anonymous folder would also open /Account/Manage, since allowing anonymous access wins over any authorize rule.
                foreach (var page in new[] { "Login", "LoginWith2fa", "Lockout", "AccessDenied", "Logout" })
                    o.Conventions.AllowAnonymousToPage("/Account/" + page);
                o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
                o.Conventions.AuthorizeFolder("/Registry", Policies.Analyst);
                o.Conventions.AuthorizeFolder("/Prescribing", Policies.Analyst);
                // Reached from invitation mails by a secret token; guests have no log-in.
                o.Conventions.AllowAnonymousToPage("/Meetings/Rsvp");
                o.Conventions.AllowAnonymousToPage("/Meetings/Evaluate");
                o.Conventions.AddPageRoute("/Meetings/Plan", "/Meetings/{meetingId:int}/Edit");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddOpenApi();
        services.AddHttpContextAccessor();
        services.AddScoped<RequestAccess>();
        services.AddScoped<ClusterDirectory>();
        services.AddScoped<ClusterAdministration>();
        services.AddScoped<PracticeAdministration>();
        // Read from the final configuration (tests and hosts may add sources after this point).
        services.AddSingleton(sp => MailSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => sp.GetRequiredService<MailSettings>().CreateTransport());
        services.AddHostedService<MailBackgroundSender>();
        services.AddScoped<IndicatorFigures>();
        services.AddScoped<PackageService>();
        services.AddScoped<PackageAccess>();
        services.AddSingleton<PackageSnapshotCache>();
        services.AddSingleton(_ => new AuditWriter(() => DatabaseOptions.CreateContext(database.Provider, database.ConnectionString)));
        services.AddScoped<MeetingAccess>();
        services.AddScoped<ClusterCoordination>();
        services.AddScoped<CoordinatorDesk>();
        services.AddScoped(MeetingEndpoints.CreatePlanner);
        services.AddScoped<ClusterFunds>();
        services.AddScoped(sp => new ActivityReports(sp.GetRequiredService<KlyngeDbContext>(), sp.GetRequiredService<TopicLibrary>()));
        services.AddSingleton<PrescribingImportQueue>();
        services.AddHostedService<PrescribingImportWorker>();
        // One Chromium for the whole app, started on the first PDF (or just after start-up) and closed with the app.
        services.AddSingleton(_ => new PackagePrinter());
        if (builder.Configuration.GetValue<bool>(PrinterWarmUp.Setting)) services.AddHostedService<PrinterWarmUp>();

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                // A bad request (e.g. a form without its antiforgery token) is the client's error, not ours.
                StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapOpenApi();
        app.MapKlyngeApi();
        app.MapMeetingFiles();
        app.MapPost("/culture", (HttpContext ctx, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (Cultures.Any(c => c.Name == culture))
            {
                ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            return Results.LocalRedirect(Pages.Account.LoginModel.SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Applies pending schema scripts; on an empty database loads the demo country, its prescribing and log-ins.</summary>
    public static Task PrepareDatabaseAsync(WebApplication app) => PrepareDatabaseAsync(app.Services, app.Configuration);

    public static async Task PrepareDatabaseAsync(IServiceProvider services, IConfiguration configuration)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KlyngeDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Klynge");
        var applied = await Database.MigrateAsync(db);
        if (applied.Count > 0) log.LogInformation("Applied schema scripts: {Scripts}", string.Join(", ", applied));
        if (configuration.GetValue("Klynge:Demo:LoadOnFirstStart", true))
        {
            await DemoSetup.LoadIfEmptyAsync(scope.ServiceProvider, configuration.GetValue("Klynge:Demo:Seed", DemoSetup.DefaultSeed),
                configuration.GetValue("Klynge:Demo:PrescribingScale", Klynge.Core.Demo.DemoSetupDefaults.Scale), log);
        }
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
}

/// <summary>Marker for the shared resource file with the English texts (Danish is the key and the default).</summary>
public class SharedResource;
