namespace Portal.Testing;

/// <summary>A clerk's steps on a case page, each through its own small form, as a browser would post them.</summary>
public static class Cases
{
    /// <summary>Claim, Start, RequestCompletion, Extend or Close: opens the case and posts that step's form.</summary>
    public static async Task<Page> StepAsync(this PortalClient clerk, Guid id, string action, IDictionary<string, string?>? values = null) =>
        await clerk.SubmitAsync(await clerk.GetAsync($"/Filing/Case/{id}"), $"main form[data-action={(action == "Claim" ? "Start" : action)}]", values, ("action", action));

    /// <summary>A decision (Approved, PartlyApproved, Rejected) with its reasoning, confirmed on the page that asks for it.</summary>
    public static async Task<Page> DecideAsync(this PortalClient clerk, Guid id, string outcome, string reasoning)
    {
        var asked = await clerk.SubmitAsync(await clerk.GetAsync($"/Filing/Case/{id}"), "main form[data-action=Decide]", new Dictionary<string, string?> { ["outcome"] = outcome, ["Text"] = reasoning }, ("action", "Decide"));
        return asked.Document.QuerySelector("[data-testid=confirm] form") is null
            ? asked
            : await clerk.SubmitAsync(asked, "[data-testid=confirm] form", null, ("action", "Decide"));
    }
}
