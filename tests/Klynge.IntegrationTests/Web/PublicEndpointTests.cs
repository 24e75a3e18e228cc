using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Klynge.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Klynge.IntegrationTests.Web;

/// <summary>
/// What answers without a log-in: exactly the endpoints listed under "Public endpoints" in docs/operations.md.
/// A new endpoint that is public by accident, or a public one that is closed without the documentation, fails here.
/// </summary>
public partial class PublicEndpointTests
{
    /// <summary>The route patterns that allow anonymous requests, as docs/operations.md lists them; a page answers any method its handlers take.</summary>
    private static readonly string[] Documented =
    [
        "GET /api/stats",
        "GET /openapi/{documentName}.json",
        "ANY /",
        "ANY /Index",
        "ANY /Error",
        "ANY /Account/Login",
        "ANY /Account/LoginWith2fa",
        "ANY /Account/Lockout",
        "ANY /Account/AccessDenied",
        "ANY /Account/Logout",
        "POST /culture",
        "ANY /Rsvp/{token}",
        "ANY /Evaluate/{token}",
        "GET /Calendar/{token}.ics",
    ];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_the_documented_endpoints_allow_anonymous_requests(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/clusters");

        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null || e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => $"{Methods(e)} /{e.RoutePattern.RawText!.TrimStart('/')}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(string.Join("\n", Documented.Order(StringComparer.Ordinal)), string.Join("\n", anonymous));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_and_the_API_description_are_public_and_every_other_API_endpoint_asks_for_a_log_in(DatabaseProvider provider)
    {
        await using var host = await WebTestHost.StartAsync(provider);
        var anonymous = host.Anonymous();

        var stats = await anonymous.GetAsync("/api/stats");
        WebAssert.Status(HttpStatusCode.OK, stats, "anonymous /api/stats");
        using (var json = JsonDocument.Parse(await stats.Content.ReadAsStringAsync()))
        {
            // National figures with one row per region: nothing about a cluster, a practice or a person.
            Assert.Equal(["clusters", "coverage", "gps", "patients", "practices", "regions"], PropertyNames(json.RootElement));
            var regions = json.RootElement.GetProperty("regions").EnumerateArray().ToList();
            Assert.Equal(5, regions.Count);
            Assert.All(regions, r => Assert.Equal(["clusters", "code", "coverage", "gps", "name", "patients", "practices"], PropertyNames(r)));
        }

        var description = await anonymous.GetAsync("/openapi/v1.json");
        WebAssert.Status(HttpStatusCode.OK, description, "anonymous /openapi/v1.json");
        var text = await description.Content.ReadAsStringAsync();
        foreach (var name in host.Registry.Clusters.Select(c => c.Name).Concat(host.Registry.Practices.Select(p => p.Name)))
            Assert.DoesNotContain(name, text);

        // Every GET the description lists, with a well-formed value for each parameter.
        using var openApi = JsonDocument.Parse(text);
        var checkedPaths = new List<string>();
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var url = Parameter().Replace(path.Name, m => SampleValue(get, m.Groups["name"].Value));
            var response = await anonymous.GetAsync(url);
            if (path.Name == "/api/stats")
            {
                WebAssert.Status(HttpStatusCode.OK, response, $"anonymous {url}");
                continue;
            }
            WebAssert.Status(HttpStatusCode.Unauthorized, response, $"anonymous {url}");
            Assert.Null(response.Headers.Location);
            checkedPaths.Add(path.Name);
        }
        Assert.Contains("/api/clusters", checkedPaths);
        Assert.Contains("/api/clusters/{id}", checkedPaths);
        Assert.Contains("/api/indicators/{id}", checkedPaths);
        Assert.Contains("/api/packages/{id}", checkedPaths);
        Assert.Contains("/api/prescribing/imports/{id}", checkedPaths);

        // Files and pages outside the API description send the browser to the log-in.
        foreach (var url in new[] { "/Meetings/1.ics", "/Meetings/1/Attendance.csv", $"/Clusters/{host.Registry.ClusterA.Id}", "/Account/Manage", "/Account/Manage/Calendar" })
        {
            var response = await anonymous.GetAsync(url);
            WebAssert.Status(HttpStatusCode.Redirect, response, $"anonymous {url}");
            Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        }
    }

    private static string Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
            ? string.Join(",", methods.Order(StringComparer.Ordinal))
            : "ANY";

    private static List<string> PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>A value the route accepts for the parameter: 1 for a number, a fresh GUID for a uuid, else a word.</summary>
    private static string SampleValue(JsonElement operation, string name)
    {
        var schema = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("schema");
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var type = schema.TryGetProperty("type", out var t) ? t.ToString() : "";
        return format == "uuid" ? Guid.NewGuid().ToString()
            : type.Contains("integer", StringComparison.Ordinal) ? "1"
            : "antibiotika";
    }

    [GeneratedRegex(@"\{(?<name>[^}:]+)\}")]
    private static partial Regex Parameter();
}
