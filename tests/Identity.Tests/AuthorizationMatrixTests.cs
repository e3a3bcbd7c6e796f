using System.Net;
using Microsoft.AspNetCore.Routing;
using Portal.Testing;

namespace Portal.Identity.Tests;

/// <summary>
/// Every endpoint the host maps (pages and APIs, read from the endpoint data source) against every kind of caller,
/// judged by one table. An endpoint without a row fails the test, so a new one cannot slip in unjudged.
/// Resource ids in routes are fresh ids: for a caller who passes the door, someone else's (or nobody's) record is a 404.
/// </summary>
public sealed class AuthorizationMatrixTests(PortalApp app) : IClassFixture<PortalApp>
{
    public enum Caller { Anonymous, CitizenLow, CitizenNiaLow, CitizenVerified, FilingClerk, FeesClerk, BuildingClerk, RegistryClerk, Administrator, FormManager, DeactivatedClerk, RevokedSession }

    public enum Outcome { Allowed, Login, Denied, NotFound, BadRequest }

    /// <summary>Who may pass each door.</summary>
    private enum Door { Public, SignedIn, SignedInRecord, PersonalData, PersonalRecord, Fees, FeesRecord, AnyClerk, ClerkRecord, Filing, Administrator, AdministratorRecord, Machine, GatewayNotification, DevelopmentOnly, AntiforgeryPost, DeniedPage, NiaReturn, FormManager, FormManagerRecord, Operator }

    private static readonly Dictionary<string, Door> Table = new(StringComparer.Ordinal)
    {
        ["* "] = Door.Public,
        ["* Index"] = Door.Public,
        ["* Accessibility"] = Door.Public,
        ["* Error"] = Door.Public,
        ["* /health/live"] = Door.Public,
        ["* /health/ready"] = Door.Public,
        ["* /metrics"] = Door.Machine,
        ["* Account/AccessDenied"] = Door.DeniedPage, // answers 403 to everyone: it is the refusal itself
        ["* Account/Login"] = Door.Public,
        ["* Account/Logout"] = Door.Public,
        ["* Account/Register"] = Door.Public,
        ["* Account/ForgotPassword"] = Door.Public,
        ["* Account/ResetPassword"] = Door.Public,
        ["* Account/Verify"] = Door.Public,
        ["* Account/NiaComplete"] = Door.NiaReturn, // without NIA's answer in hand: back to sign-in
        ["GET /Account/Nia"] = Door.Public,
        ["* Account/ChangePassword"] = Door.SignedIn,
        ["* Account/LinkNia"] = Door.SignedIn,
        ["* Account/UnlinkNia"] = Door.SignedIn,
        ["* Account/Profile"] = Door.SignedIn,
        ["* Admin/Staff"] = Door.Administrator,
        ["* Admin/Statistics"] = Door.Administrator,
        ["* Admin/Operations"] = Door.Administrator,
        ["GET /api/operations"] = Door.Administrator,
        ["POST /api/operations/dead-letters/{id:guid}/replay"] = Door.AdministratorRecord,
        ["GET /api/identity/statistics"] = Door.Administrator,
        ["GET /api/identity/me"] = Door.SignedIn,
        ["POST /api/identity/registrations"] = Door.Public,
        ["POST /api/identity/password-reset-requests"] = Door.Public,
        ["POST /culture"] = Door.AntiforgeryPost,
        ["GET /api/openapi/{documentName}.json"] = Door.Public, // Development; production: administrators (ProductionTests)
        ["* Dev/Mail"] = Door.DevelopmentOnly,
        ["GET /Dev/Statement.gpc"] = Door.DevelopmentOnly,

        ["* Forms"] = Door.SignedIn,
        ["* Forms/Fill/{id:guid}"] = Door.SignedInRecord,
        ["* Forms/Designer"] = Door.FormManager,
        ["* Forms/Designer/Edit/{code}"] = Door.FormManagerRecord,
        ["* Forms/Designer/History/{code}"] = Door.FormManagerRecord,
        ["GET /Forms/Designer/Export/{code}"] = Door.FormManagerRecord,
        ["GET /api/forms/designer/"] = Door.FormManager,
        ["GET /api/forms/designer/{code}"] = Door.FormManagerRecord,
        ["POST /api/forms/designer/import"] = Door.FormManager,
        ["POST /api/forms/designer/{code}/publication"] = Door.FormManagerRecord,
        ["PUT /api/forms/designer/{code}/withdrawal"] = Door.FormManagerRecord,
        ["DELETE /api/forms/designer/{code}/withdrawal"] = Door.FormManagerRecord,
        ["* Forms/Summary/{id:guid}"] = Door.SignedInRecord,
        ["* Forms/Sent/{id:guid}"] = Door.SignedInRecord,
        ["GET /Forms/Attachments/{id:guid}"] = Door.SignedInRecord,
        ["GET /api/forms/"] = Door.SignedIn,
        ["GET /api/forms/drafts"] = Door.SignedIn,
        ["POST /api/forms/drafts"] = Door.SignedIn,
        ["GET /api/forms/drafts/{id:guid}"] = Door.SignedInRecord,
        ["PUT /api/forms/drafts/{id:guid}/steps/{step:int}"] = Door.SignedInRecord,
        ["POST /api/forms/drafts/{id:guid}/submission"] = Door.SignedInRecord,
        ["DELETE /api/forms/drafts/{id:guid}"] = Door.SignedInRecord,

        ["* Submissions"] = Door.SignedIn,
        ["* Submissions/{id:guid}"] = Door.SignedInRecord,
        ["* Submissions/{id:guid}/Receipt"] = Door.SignedInRecord,
        ["GET /Submissions/{id:guid}/obsah.txt"] = Door.SignedInRecord,
        ["GET /Submissions/{id:guid}/potvrzeni.pdf"] = Door.SignedInRecord,
        ["GET /Submissions/{id:guid}/rozhodnuti.pdf"] = Door.SignedInRecord,
        ["GET /Filing/Case/{id:guid}/rozhodnuti.pdf"] = Door.ClerkRecord,
        ["GET /api/submissions/"] = Door.SignedIn,
        ["GET /api/submissions/{id:guid}"] = Door.SignedInRecord,
        ["* Filing/Inbox"] = Door.AnyClerk,
        ["* Filing/Case/{id:guid}"] = Door.ClerkRecord,
        ["GET /Filing/Attachments/{id:guid}"] = Door.SignedInRecord,
        ["* Filing/Register"] = Door.Filing,
        ["GET /Filing/Register.csv"] = Door.Filing,
        ["GET /start"] = Door.SignedIn, // where a person lands after signing in (a redirect by role)

        ["* Fees"] = Door.SignedIn, // the page tells an unverified session why it shows nothing
        ["* Fees/Obligation/{id:guid}"] = Door.SignedInRecord,
        ["GET /api/fees/mine"] = Door.PersonalData,
        ["GET /api/fees/obligations/{id:guid}"] = Door.SignedInRecord,
        ["* Fees/Manage"] = Door.Fees,
        ["* Fees/Arrears"] = Door.Fees,
        ["GET /Fees/Arrears.csv"] = Door.Fees,
        ["* Fees/Registrations"] = Door.Fees,
        ["* Fees/Registrations/{id:guid}"] = Door.FeesRecord,
        ["GET /api/fees/assessments"] = Door.Fees,
        ["POST /api/fees/assessments"] = Door.Fees,
        ["POST /api/fees/registrations"] = Door.Fees,

        ["* Payments"] = Door.SignedIn,
        ["* Payments/Instruction/{id:guid}"] = Door.PersonalRecord,
        ["* Payments/Receipt/{id:guid}"] = Door.SignedInRecord,
        ["GET /Payments/Receipt/{id:guid}/pdf"] = Door.SignedInRecord,
        ["GET /Payments/Instruction/{id:guid}/pdf"] = Door.PersonalRecord,
        ["* Payments/Card"] = Door.PersonalData, // several fees by one card payment: a verified identity's own unpaid fees
        ["* Payments/Return"] = Door.SignedIn,
        ["GET /Payments/Qr/{id:guid}.{format:regex(^(png|svg)$)}"] = Door.PersonalRecord,
        ["GET /api/payments/mine"] = Door.PersonalData,
        ["GET /api/payments/instructions/{id:guid}"] = Door.PersonalRecord,
        ["* Payments/Statements"] = Door.Fees,
        ["* Payments/Statements/{id:guid}"] = Door.FeesRecord,
        ["* Payments/Unassigned"] = Door.Fees,
        ["GET /api/payments/queue"] = Door.Fees,
        ["GET /api/payments/statements/{id:guid}"] = Door.FeesRecord,
        ["POST /api/payments/comgate"] = Door.GatewayNotification,

        ["* Messages"] = Door.SignedIn,
        ["* Messages/Settings"] = Door.SignedIn,
        ["GET /Messages/{id:guid}/open"] = Door.SignedInRecord,
        ["GET /api/messages/"] = Door.SignedIn,

        // The town's own settings and export: its administrator. The platform's console: its operator, who is nobody in a town.
        ["GET /town.css"] = Door.Public,
        ["* Admin/Town"] = Door.Administrator,
        ["GET /Admin/Town/Export"] = Door.Administrator,
        ["GET /api/town/settings"] = Door.Administrator,
        ["PUT /api/town/settings"] = Door.Administrator,
        ["GET /api/town/export"] = Door.Administrator,
        ["* Platform"] = Door.Operator,
        ["* Platform/Towns/{id}"] = Door.Operator,
        ["GET /api/platform/towns/"] = Door.Operator,
        ["POST /api/platform/towns/"] = Door.Operator,
        ["PUT /api/platform/towns/{id}/hosts"] = Door.Operator,
        ["PUT /api/platform/towns/{id}/state"] = Door.Operator,
        ["POST /api/platform/towns/{id}/jobs/{job}"] = Door.Operator,
        ["DELETE /api/platform/towns/{id}"] = Door.Operator,
    };

    private static IEnumerable<(string Key, string Method, string Pattern)> Endpoints(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Key: m + " " + e.RoutePattern.RawText, Method: m, Pattern: e.RoutePattern.RawText ?? string.Empty)))
            .DistinctBy(e => e.Key);

    [Fact]
    public void Every_mapped_endpoint_has_a_row()
    {
        var missing = Endpoints(app.Service<EndpointDataSource>()).Select(e => e.Key).Where(k => !Table.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a row in the authorization matrix:\n" + string.Join("\n", missing));
        var stale = Table.Keys.Except(Endpoints(app.Service<EndpointDataSource>()).Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist:\n" + string.Join("\n", stale));
    }

    private static Outcome? Expected(Door door, Caller caller, string method)
    {
        var signedIn = caller is not (Caller.Anonymous or Caller.DeactivatedClerk or Caller.RevokedSession);
        var clerkOf = caller switch
        {
            Caller.FilingClerk => "filing",
            Caller.FeesClerk => "fees",
            Caller.BuildingClerk => "building",
            Caller.RegistryClerk => "registry",
            _ => null,
        };
        Outcome Gate(bool allowed, Outcome inside = Outcome.Allowed) => !signedIn ? Outcome.Login : allowed ? inside : Outcome.Denied;
        return door switch
        {
            Door.Public => Outcome.Allowed,
            Door.DeniedPage => Outcome.Denied,
            Door.NiaReturn => Outcome.Login,
            Door.SignedIn => Gate(true),
            Door.SignedInRecord => Gate(true, Outcome.NotFound),
            Door.PersonalData => Gate(caller == Caller.CitizenVerified),
            Door.PersonalRecord => Gate(caller == Caller.CitizenVerified, Outcome.NotFound),
            Door.Fees => Gate(clerkOf == "fees"),
            Door.FeesRecord => Gate(clerkOf == "fees", Outcome.NotFound),
            Door.Filing => Gate(clerkOf == "filing"),
            Door.AnyClerk => Gate(clerkOf is not null),
            Door.ClerkRecord => Gate(clerkOf is not null, Outcome.NotFound),
            Door.Administrator => Gate(caller == Caller.Administrator),
            Door.AdministratorRecord => Gate(caller == Caller.Administrator, Outcome.NotFound),
            Door.FormManager => Gate(caller == Caller.FormManager),
            Door.FormManagerRecord => Gate(caller == Caller.FormManager, Outcome.NotFound),
            Door.Operator => Gate(false),
            _ => null, // judged by their own tests (below and in MetricsTokenTests, PaymentsFlowTests)
        };
    }

    private static string Url(string pattern) =>
        "/" + pattern.TrimStart('/')
            .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{step:int}", "0", StringComparison.Ordinal)
            .Replace("{code}", "neni-" + Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal)
            .Replace("{format:regex(^(png|svg)$)}", "png", StringComparison.Ordinal);

    private static Outcome Judge(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.Login,
            HttpStatusCode.Found or HttpStatusCode.Redirect when location.Contains("/Account/Login", StringComparison.Ordinal) => Outcome.Login,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.Found when location.Contains("/Account/AccessDenied", StringComparison.Ordinal) => Outcome.Denied,
            HttpStatusCode.NotFound => Outcome.NotFound,
            HttpStatusCode.BadRequest => Outcome.BadRequest,
            _ => Outcome.Allowed,
        };
    }

    private async Task<Dictionary<Caller, HttpClient>> Callers()
    {
        HttpClient Raw(PortalClient c) => new(new HttpClientHandler { CookieContainer = c.Cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var callers = new Dictionary<Caller, HttpClient> { [Caller.Anonymous] = Raw(app.Client()) };
        callers[Caller.CitizenLow] = Raw((await app.CitizenAsync()).Client);
        callers[Caller.CitizenVerified] = Raw((await app.NiaCitizenAsync("Ověřená", "Občanka", "1980-01-01")).Client);
        var niaLow = app.Client();
        await niaLow.SubmitAsync(await niaLow.GetAsync("/Account/Nia"), "form", new Dictionary<string, string?>
        {
            ["emulator.person"] = string.Empty,
            ["emulator.given"] = "Nízká",
            ["emulator.family"] = "Úroveň",
            ["emulator.pid"] = "CZ/CZ/" + Guid.NewGuid().ToString("N"),
            ["emulator.level"] = "low",
        }, ("emulator.action", "signin"));
        callers[Caller.CitizenNiaLow] = Raw(niaLow);
        callers[Caller.FilingClerk] = Raw(await app.ClerkAsync("filing"));
        callers[Caller.FeesClerk] = Raw(await app.ClerkAsync("fees"));
        callers[Caller.BuildingClerk] = Raw(await app.ClerkAsync("building"));
        callers[Caller.RegistryClerk] = Raw(await app.ClerkAsync("registry"));
        var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        callers[Caller.Administrator] = Raw(admin);
        callers[Caller.FormManager] = Raw(await app.FormManagerAsync());

        // A clerk the administrator switched off, with the cookie still in the browser.
        var deactivated = await app.ClerkAsync("fees", "filing");
        var id = (await deactivated.GetJsonAsync<System.Text.Json.JsonElement>("/api/identity/me")).GetProperty("id").GetGuid();
        var staff = await admin.GetAsync("/Admin/Staff");
        var token = staff.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (await admin.Http.PostAsync("/Admin/Staff?handler=Active", new FormUrlEncodedContent(
            [new("userId", id.ToString()), new("active", "false"), new("confirmed", "true"), new("__RequestVerificationToken", token)]))).EnsureSuccessStatusCode();
        callers[Caller.DeactivatedClerk] = Raw(deactivated);

        // A session ended from another device ("odhlásit ostatní zařízení").
        var (revoked, email) = await app.CitizenAsync();
        var other = await app.SignInAsync(email, Accounts.Password);
        await other.SubmitAsync(await other.GetAsync("/Account/Profile"), "form:has([data-testid=sign-out-others])");
        callers[Caller.RevokedSession] = Raw(revoked);
        return callers;
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_the_table_says()
    {
        var callers = await Callers();
        var wrong = new List<string>();
        var judged = 0;
        foreach (var (key, method, pattern) in Endpoints(app.Service<EndpointDataSource>()).Where(e => Table.ContainsKey(e.Key)))
        {
            foreach (var (caller, http) in callers)
            {
                var verb = method == "*" ? "GET" : method;
                var expected = Expected(Table[key], caller, verb);
                if (expected is null)
                {
                    continue;
                }

                var request = new HttpRequestMessage(new HttpMethod(verb), Url(pattern));
                if (verb is "POST" or "PUT")
                {
                    request.Content = System.Net.Http.Json.JsonContent.Create(new { });
                }

                var actual = Judge(await http.SendAsync(request));

                // A write that passes the door may still be refused for its empty body: the door held.
                var held = actual == expected || (verb != "GET" && expected is Outcome.Allowed or Outcome.NotFound && actual is Outcome.BadRequest or Outcome.NotFound);
                judged++;
                if (!held)
                {
                    wrong.Add($"{key} as {caller}: expected {expected}, got {actual}");
                }
            }
        }

        Assert.True(judged > 500, $"Only {judged} answers judged");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_doors_judged_elsewhere_stay_shut_to_strangers()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        // The gateway's notification without a valid secret changes nothing; the language switch needs its token.
        var notification = await anonymous.PostAsync("/api/payments/comgate", new FormUrlEncodedContent([new("merchant", "x"), new("transId", "x"), new("secret", "wrong")]));
        Assert.False(notification.IsSuccessStatusCode && (await notification.Content.ReadAsStringAsync()).Contains("code=0", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("/culture", new FormUrlEncodedContent([new("culture", "en")]))).StatusCode);

        // /metrics from a forwarded client is refused (MetricsTokenTests covers tokens).
        var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.False((await anonymous.SendAsync(forwarded)).IsSuccessStatusCode);
    }
}
