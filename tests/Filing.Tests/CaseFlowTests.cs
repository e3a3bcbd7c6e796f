using System.Net;
using System.Text.Json;
using Portal.Testing;

namespace Portal.Filing.Tests;

/// <summary>
/// What a first-time clerk and citizen met around a request for completion: the citizen's answered request no longer
/// waits in the message centre; the clerk's inbox opens where the answer waits, flags it, and the case shows the answer
/// above the steps; a step's error stands at its field; "Doplnit do" takes a date as Czech people write it.
/// </summary>
public sealed class CaseFlowTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task An_answered_request_stops_waiting_for_the_citizen_and_the_clerk_finds_the_answer_first()
    {
        var (citizen, _) = await app.CitizenAsync("Dana Odpovídající");
        var (id, revision) = await citizen.ReadyGeneralSubmissionAsync("Žádost o stanovisko");
        Assert.Equal(HttpStatusCode.Accepted, (await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision })).StatusCode);
        await app.RegisteredAsync(id);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(id, "Start");
        var answerBy = DateTime.UtcNow.AddDays(20);
        var requested = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?>
        {
            ["Text"] = "Doložte prosím plnou moc.",
            ["AnswerBy"] = $"{answerBy.Day}. {answerBy.Month}. {answerBy.Year}", // as Czech people write it
        });
        Assert.True(requested.Has("[data-testid=done]"), requested.Html);
        await Wait.UntilAsync(async () => (await citizen.GetJsonAsync<JsonElement>("/api/messages")).GetProperty("items").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("kind").GetString() == "completion-requested") is { ValueKind: JsonValueKind.Object } m ? (object)m : null);
        Assert.True((await citizen.GetAsync("/Messages")).Has("[data-kind=completion-requested] [data-testid=waiting]"));

        // The citizen answers.
        var detail = await citizen.GetAsync($"/Submissions/{id}");
        var answered = await citizen.SubmitAsync(detail, "main form", new Dictionary<string, string?> { ["Answer"] = "Plnou moc přikládám, podepsanou." });
        Assert.True(answered.Has("[data-testid=answered]"), answered.Html);

        // The message centre: the request is done, not waiting and not unread; its link no longer says "answer".
        var messages = await Wait.UntilAsync(async () => await citizen.GetAsync("/Messages") is var p && p.Has("[data-kind=completion-requested] [data-testid=resolved]") ? p : null);
        var item = messages.Document.QuerySelector("[data-kind=completion-requested]")!;
        Assert.Null(item.QuerySelector("[data-testid=waiting]"));
        Assert.DoesNotContain("Odpovědět úřadu", item.TextContent, StringComparison.Ordinal);
        Assert.Contains("read", item.ClassList);

        // The clerk's inbox opens on the clerk's own cases (nothing new), with the answer flagged.
        var inbox = await clerk.GetAsync("/Filing/Inbox");
        Assert.Equal("page", inbox.Document.QuerySelector("[data-testid=view-Mine]")!.GetAttribute("aria-current"));
        var row = inbox.Document.QuerySelectorAll("[data-testid=inbox] tbody tr").Single(r => r.QuerySelector("[data-testid=answered]") is not null);
        Assert.Contains("odpověď občana", row.TextContent, StringComparison.Ordinal);

        // The case shows the answer above the steps.
        var @case = await clerk.GetAsync($"/Filing/Case/{id}");
        var html = @case.Html;
        Assert.True(@case.Has("[data-testid=citizen-answer]"));
        Assert.Contains("Plnou moc přikládám", @case.Text("[data-testid=citizen-answer]"));
        Assert.True(html.IndexOf("data-testid=\"citizen-answer\"", StringComparison.Ordinal) < html.IndexOf("data-action=\"Decide\"", StringComparison.Ordinal));

        // Deciding without a reason: the message stands at the reason's field and the summary links to it.
        var refused = await clerk.SubmitAsync(@case, "main form[data-action=Decide]", new Dictionary<string, string?> { ["outcome"] = "Approved", ["Text"] = "" }, ("action", "Decide"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("odůvodnění", refused.Text("[data-testid=decide-text-error]"), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(refused.Document.QuerySelector(".error-summary a[href='#decide-text']"));
        Assert.Equal("true", refused.Document.QuerySelector("#decide-text")!.GetAttribute("aria-invalid"));

        // After the decision the request stays done and nothing waits in the message centre.
        await clerk.DecideAsync(id, "Approved", "Plná moc doložena, vyhověno.");
        var after = await Wait.UntilAsync(async () => await citizen.GetAsync("/Messages") is var p && p.Has("[data-kind=submission-decided]") ? p : null);
        Assert.Null(after.Document.QuerySelector("[data-testid=waiting]"));
        citizen.Dispose();
    }

    [Fact]
    public async Task A_request_date_that_is_no_date_is_refused_at_its_field()
    {
        var (citizen, _) = await app.CitizenAsync("Dalibor Datový");
        var (id, revision) = await citizen.ReadyGeneralSubmissionAsync("Dotaz");
        await citizen.PostJsonAsync($"/api/forms/drafts/{id}/submission", new { revision });
        await app.RegisteredAsync(id);
        using var clerk = await app.ClerkAsync("filing");
        await clerk.StepAsync(id, "Start");
        var @case = await clerk.GetAsync($"/Filing/Case/{id}");
        Assert.Equal("text", @case.Document.QuerySelector("#request-by")!.GetAttribute("type")); // not the browser's mm/dd/yyyy
        var refused = await clerk.StepAsync(id, "RequestCompletion", new Dictionary<string, string?> { ["Text"] = "Doložte plnou moc.", ["AnswerBy"] = "31. 2. 2027" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("15. 2. 2027", refused.Text("#request-by-error"));
        Assert.Equal("31. 2. 2027", refused.Document.QuerySelector("#request-by")!.GetAttribute("value"));
        Assert.NotNull(refused.Document.QuerySelector(".error-summary a[href='#request-by']"));
        citizen.Dispose();
    }
}
