using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Towns.Tests;

/// <summary>
/// Two towns on one running portal (Město Demo on localhost, Obec Vzor on obec-vzor.localhost): which town a request is
/// for comes from its host name only, and nothing of one town is seen, counted or numbered in the other.
/// </summary>
public sealed class TwoTownsTests(TwoTownsApp app) : IClassFixture<TwoTownsApp>
{
    private static async Task<Guid> SendGeneralSubmissionAsync(PortalClient client, string subject)
    {
        var (id, revision) = await client.ReadyGeneralSubmissionAsync(subject);
        var sent = await client.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        return id;
    }

    [Fact]
    public async Task Each_host_name_is_its_own_town_and_an_unknown_host_gets_a_bare_404()
    {
        using var a = app.Client();
        using var b = app.B.Client();
        Assert.Contains("Město Demo", (await a.GetAsync("/")).Text("header .town"));
        Assert.Contains("Obec Vzor", (await b.GetAsync("/")).Text("header .town"));

        // The same port under a name no town has: 404, and not a word of either town, pages and API alike.
        using var unknown = new PortalClient(new Uri($"http://neznama-obec.localhost:{app.BaseAddress.Port}/"));
        foreach (var path in new[] { "/", "/Account/Login", "/api/identity/me", "/Accessibility" })
        {
            var response = await unknown.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Město Demo", body);
            Assert.DoesNotContain("Obec Vzor", body);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        // Health belongs to the installation and answers on any name.
        Assert.Equal(HttpStatusCode.OK, (await unknown.Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_session_of_one_town_is_not_a_session_in_the_other()
    {
        using var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/identity/me")).StatusCode);

        // The browser would never send town A's cookie to town B; an attacker copies it there by hand.
        var cookies = admin.Cookies.GetCookies(app.BaseAddress);
        var stolen = new CookieContainer();
        foreach (Cookie cookie in cookies)
        {
            stolen.Add(app.B.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        using var elsewhere = new PortalClient(app.B.BaseAddress, stolen);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/identity/statistics")).StatusCode);
        var page = await elsewhere.GetAsync("/Admin/Staff");
        Assert.EndsWith("/Account/Login", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Each_town_numbers_its_submissions_in_its_own_podaci_denik_and_never_shows_the_others()
    {
        var (citizenA, _) = await app.CitizenAsync("Alena Městská");
        var (citizenB, _) = await app.B.CitizenAsync("Bohuslav Obecní");
        var inA = await SendGeneralSubmissionAsync(citizenA, "Podání v Městě Demo");
        var inB = await SendGeneralSubmissionAsync(citizenB, "Podání v Obci Vzor");
        var registeredA = await app.RegisteredAsync(inA);
        var registeredB = await app.B.RegisteredAsync(inB);
        Assert.StartsWith("MDEMO ", registeredA.ReferenceNumber);
        Assert.StartsWith("OVZOR ", registeredB.ReferenceNumber);

        // The citizen's own lists hold only their town's; the other town's id is unknown (404), API and pages alike.
        var listA = await citizenA.GetJsonAsync<JsonElement[]>("/api/submissions");
        Assert.Contains(listA, s => s.GetProperty("id").GetGuid() == inA);
        Assert.DoesNotContain(listA, s => s.GetProperty("id").GetGuid() == inB);
        Assert.Equal(HttpStatusCode.NotFound, (await citizenA.Http.GetAsync($"/api/submissions/{inB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizenB.Http.GetAsync($"/api/submissions/{inA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizenA.Http.GetAsync($"/Submissions/{inB}")).StatusCode);

        // A filing clerk of town A: A's register and case, never B's.
        using var clerkA = await app.ClerkAsync("filing");
        var register = (await clerkA.GetAsync("/Filing/Register")).Html;
        Assert.Contains(registeredA.ReferenceNumber, register);
        Assert.DoesNotContain(registeredB.ReferenceNumber, register);
        Assert.DoesNotContain("OVZOR", register);
        Assert.Equal(HttpStatusCode.NotFound, (await clerkA.GetAsync($"/Filing/Case/{inB}")).Status);

        // Town A's export holds A's submission and nothing of B's, in any of its tables.
        using var adminA = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await adminA.Http.GetByteArrayAsync("/api/town/export"))))
        {
            var everything = string.Concat(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains(inA.ToString(), everything, StringComparison.Ordinal);
            Assert.Contains(registeredA.ReferenceNumber, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(inB.ToString(), everything, StringComparison.Ordinal);
            Assert.DoesNotContain(registeredB.ReferenceNumber, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("\"obec-vzor\"", everything, StringComparison.Ordinal); // no row of B's tenant
        }

        // The same clerk's account does not exist in town B.
        using var stranger = app.B.Client();
        var login = await stranger.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        citizenA.Dispose();
        citizenB.Dispose();
    }

    [Fact]
    public async Task Reference_numbers_are_gap_free_in_each_town_when_both_towns_register_at_once()
    {
        const int PerTown = 30;
        var citizens = new[] { (await app.CitizenAsync()).Client, (await app.B.CitizenAsync()).Client };
        var drafts = new List<(PortalClient Client, Guid Id, int Revision, PortalApp Town)>();
        for (var i = 0; i < PerTown; i++)
        {
            var (a, ra) = await citizens[0].ReadyGeneralSubmissionAsync("Souběžně A " + i);
            var (b, rb) = await citizens[1].ReadyGeneralSubmissionAsync("Souběžně B " + i);
            drafts.Add((citizens[0], a, ra, app));
            drafts.Add((citizens[1], b, rb, app.B));
        }

        var answers = await Task.WhenAll(drafts.Select(d => d.Client.PostJsonAsync($"/api/forms/drafts/{d.Id}/submission", new { revision = d.Revision })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var registered = await Task.WhenAll(drafts.Select(async d => (d.Town.Town, Submission: await d.Town.RegisteredAsync(d.Id))));
        foreach (var town in registered.GroupBy(r => r.Town))
        {
            var numbers = town.Select(r => r.Submission.Sequence).Order().ToList();
            Assert.Equal(Enumerable.Range(numbers[0], PerTown), numbers);
            Assert.Equal(PerTown, town.Select(r => r.Submission.ReferenceNumber).Distinct().Count());
        }

        foreach (var c in citizens)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Each_town_has_its_own_fee_account_and_a_clerk_of_one_town_sees_nothing_of_the_other()
    {
        var (feesA, emailA) = await app.StaffAccountAsync(["fees"], formManager: false);
        var (feesB, emailB) = await app.B.StaffAccountAsync(["fees"], formManager: false);
        var pageA = (await feesA.GetAsync("/Fees/Manage")).Html;
        var pageB = (await feesB.GetAsync("/Fees/Manage")).Html;
        Assert.Contains("19-2000145399/0800", pageA);
        Assert.DoesNotContain("2000145508/0100", pageA);
        Assert.Contains("2000145508/0100", pageB);
        Assert.DoesNotContain("19-2000145399/0800", pageB);

        // The staff lists: each administrator sees only the clerks of their own town.
        using var adminA = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        using var adminB = await app.B.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword);
        var staffA = (await adminA.GetAsync("/Admin/Staff")).Html;
        var staffB = (await adminB.GetAsync("/Admin/Staff")).Html;
        Assert.Contains(emailA, staffA);
        Assert.DoesNotContain(emailB, staffA);
        Assert.Contains(emailB, staffB);
        Assert.DoesNotContain(emailA, staffB);
        feesA.Dispose();
        feesB.Dispose();
    }

    [Fact]
    public async Task A_citizen_signs_in_through_NIA_in_each_town_with_that_towns_registration_and_sees_only_that_towns_data()
    {
        var (inA, idA) = await app.NiaCitizenAsync("Chata", "Dvojdomá", "1970-01-01");
        var (inB, idB) = await app.B.NiaCitizenAsync("Chata", "Dvojdomá", "1970-01-01");
        Assert.NotEqual(idA, idB); // one person, two towns: each town its own relation to them
        var sent = await SendGeneralSubmissionAsync(inB, "Chata v Obci Vzor");
        await app.B.RegisteredAsync(sent);
        Assert.DoesNotContain(await inA.GetJsonAsync<JsonElement[]>("/api/submissions"), s => s.GetProperty("id").GetGuid() == sent);
        Assert.Contains(await inB.GetJsonAsync<JsonElement[]>("/api/submissions"), s => s.GetProperty("id").GetGuid() == sent);
        inA.Dispose();
        inB.Dispose();
    }
}
