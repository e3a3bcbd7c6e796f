using System.Net;
using System.Net.Http.Json;

namespace Portal.Testing;

/// <summary>Signed-in people for tests, made the way people are made: registration and e-mail links, or the administrator's page.</summary>
public static class Accounts
{
    public const string Password = "Dlouhé testovací heslo 2026";

    public static async Task<PortalClient> SignInAsync(this PortalApp app, string email, string password)
    {
        var client = app.Client();
        var page = await client.SubmitAsync(await client.GetAsync("/Account/Login"), "main form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        // A citizen lands home, a clerk on the inbox, an administrator on the figures, a form manager in the designer;
        // a refusal stays on the sign-in page.
        if (page.Url.AbsolutePath is not ("/" or "/Filing/Inbox" or "/Admin/Statistics" or "/Forms/Designer" or "/Platform") || page.Status != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed:\n{page.Html}");
        }

        return client;
    }

    /// <summary>A citizen with a personal account (registered through the API, verified by the e-mailed link).</summary>
    public static async Task<(PortalClient Client, string Email)> CitizenAsync(this PortalApp app, string name = "Tereza Testovací")
    {
        var email = $"obcan.{Guid.NewGuid():N}@example.cz";
        using var anonymous = app.Client();
        var response = await anonymous.PostJsonAsync("/api/identity/registrations", new { name, email, password = Password });
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        }

        await anonymous.VerifyEmailAsync((await app.Mail.WaitForAsync(email)).Link("/Account/Verify"));
        return (await app.SignInAsync(email, Password), email);
    }

    /// <summary>A clerk of the given agendas, created on the administrator's page; the clerk sets the password from the e-mail.</summary>
    public static async Task<PortalClient> ClerkAsync(this PortalApp app, params string[] agendas) => (await app.StaffAccountAsync(agendas, formManager: false)).Client;

    /// <summary>A form manager (správce formulářů), granted by the administrator on the staff page, with any agendas too.</summary>
    public static async Task<PortalClient> FormManagerAsync(this PortalApp app, params string[] agendas) => (await app.StaffAccountAsync(agendas, formManager: true)).Client;

    /// <summary>A staff account made by the administrator (its password set from the invitation), with its e-mail for a browser.</summary>
    public static async Task<(PortalClient Client, string Email)> StaffAccountAsync(this PortalApp app, string[] agendas, bool formManager)
    {
        var email = $"urednik.{Guid.NewGuid():N}@mesto.cz";
        using (var admin = await app.SignInAsync(PortalApp.AdminEmail, PortalApp.AdminPassword))
        {
            var staff = await admin.GetAsync("/Admin/Staff");
            var values = new List<KeyValuePair<string, string>> { new("Input.Name", "Úředník Testovací"), new("Input.Email", email) };
            values.AddRange(agendas.Select(a => new KeyValuePair<string, string>("Input.Agendas", a)));
            if (formManager)
            {
                values.Add(new("Input.FormManager", "true"));
            }

            var token = staff.Document.QuerySelector("form:not([action]) input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            values.Add(new("__RequestVerificationToken", token));
            var created = await admin.Http.PostAsync("/Admin/Staff", new FormUrlEncodedContent(values));
            created.EnsureSuccessStatusCode();
        }

        using var clerk = app.Client();
        var link = (await app.Mail.WaitForAsync(email)).Link("/Account/ResetPassword");
        await clerk.SubmitAsync(await clerk.GetAsync(link), "main form", new Dictionary<string, string?> { ["Input.NewPassword"] = Password });
        return (await app.SignInAsync(email, Password), email);
    }

    /// <summary>
    /// A citizen verified through NIA (a new person typed into the emulator), signed in over the real OIDC round
    /// trip. Answers the client and the portal account's id.
    /// </summary>
    public static async Task<(PortalClient Client, Guid UserId)> NiaCitizenAsync(this PortalApp app, string given, string family, string dateOfBirth, string level = "substantial", string? address = DefaultAddress)
    {
        var client = app.Client();
        await client.PickNiaPersonAsync(await client.GetAsync("/Account/Nia"), given, family, dateOfBirth, "CZ/CZ/" + Guid.NewGuid().ToString("N"), level, address);
        var me = await client.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/identity/me");
        return (client, me.GetProperty("id").GetGuid());
    }

    /// <summary>Answers the NIA emulator's picker with a typed person at the level NIA is to achieve.</summary>
    /// <summary>The address NIA gives for a typed person unless a test says otherwise: where the tests' payers are registered.</summary>
    public const string DefaultAddress = "Lipová 12, 100 00 Město Demo";

    public static Task<Page> PickNiaPersonAsync(this PortalClient client, Page picker, string given, string family, string dateOfBirth, string personIdentifier, string level = "substantial", string? address = DefaultAddress) =>
        client.SubmitAsync(picker, "form", new Dictionary<string, string?>
        {
            ["emulator.person"] = string.Empty,
            ["emulator.given"] = given,
            ["emulator.family"] = family,
            ["emulator.dob"] = dateOfBirth,
            ["emulator.pid"] = personIdentifier,
            ["emulator.address"] = address ?? string.Empty,
            ["emulator.level"] = level,
        }, ("emulator.action", "signin"));

    /// <summary>
    /// The owner's explicit linking of a signed-in account: "Propojit s NIA", the NIA round trip, the confirmation.
    /// Answers the page the confirmation leads to.
    /// </summary>
    public static async Task<Page> LinkNiaAsync(this PortalClient client, string given, string family, string dateOfBirth, string personIdentifier)
    {
        var start = await client.GetAsync("/Account/LinkNia");
        var confirm = await client.PickNiaPersonAsync(await client.SubmitAsync(start, "main form"), given, family, dateOfBirth, personIdentifier);
        return await client.SubmitAsync(confirm, "form:has([data-testid=confirm-link])");
    }

    /// <summary>Opens an e-mailed verification link and presses its button (the GET alone confirms nothing).</summary>
    public static async Task<Page> VerifyEmailAsync(this PortalClient client, string link)
    {
        var page = await client.GetAsync(link);
        return page.Has("main form") ? await client.SubmitAsync(page, "main form") : page;
    }

    public static async Task<T> GetJsonAsync<T>(this PortalClient client, string url) =>
        (await client.Http.GetFromJsonAsync<T>(url)) ?? throw new InvalidOperationException("Empty answer from " + url);
}
