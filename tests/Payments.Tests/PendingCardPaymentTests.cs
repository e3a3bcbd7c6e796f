using System.Net;
using System.Text.Json;
using Npgsql;
using Portal.Testing;

namespace Portal.Payments.Tests;

/// <summary>The portal asking about pending card payments every second, with no grace period.</summary>
public sealed class RecheckApp : PortalApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:PendingRecheckEvery"] = "00:00:01",
        ["Payments:PendingGrace"] = "00:00:00",
    };
}

/// <summary>Operations: a card payment paid while the portal was unreachable is found and applied; never two at once.</summary>
public sealed class PendingCardPaymentTests(RecheckApp app) : IClassFixture<RecheckApp>
{
    [Fact]
    public async Task A_second_card_payment_continues_the_pending_one_and_one_paid_while_the_portal_was_not_told_is_found_and_applied()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Petr", "Nedoručený", "1966-06-06");
        var id = fee.GetProperty("id").GetGuid();

        var instruction = await citizen.GetAsync($"/Payments/Instruction/{id}");
        var gateway = await citizen.SubmitAsync(instruction, "form.no-print");
        Assert.Equal(app.GatewayAddress.Authority, gateway.Url.Authority);

        // The citizen tries again from the portal: the same gateway payment continues, no second one is started.
        var again = await citizen.SubmitAsync(await citizen.GetAsync($"/Payments/Instruction/{id}"), "form.no-print");
        Assert.Equal(gateway.Url, again.Url);
        var pending = await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine");
        Assert.Single(pending);
        Assert.Equal("Created", pending[0].GetProperty("state").GetString());

        // Paid at the gateway, but the notification never arrives and the citizen does not come back.
        var silent = await citizen.SubmitAsync(again, "form", button: ("result", "PAID-SILENT"));
        Assert.Equal(HttpStatusCode.OK, silent.Status);

        var paid = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is var list && list[0].GetProperty("remaining").GetDecimal() == 0 ? list : null);
        Assert.Equal(600m, paid[0].GetProperty("paid").GetDecimal());
        var payment = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal("Paid", payment.GetProperty("state").GetString());
        citizen.Dispose();
    }

    [Fact]
    public async Task A_citizen_cancels_an_unfinished_card_payment_and_the_next_one_is_new()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Rudolf", "Rozmyšlený", "1967-07-07");
        var id = fee.GetProperty("id").GetGuid();

        var first = await citizen.SubmitAsync(await citizen.GetAsync($"/Payments/Instruction/{id}"), "form.no-print");
        var instruction = await citizen.GetAsync($"/Payments/Instruction/{id}");
        Assert.True(instruction.Has("[data-testid=pending-card]"));
        var afterCancel = await citizen.SubmitAsync(instruction, "[data-testid=pending-card] form");
        Assert.False(afterCancel.Has("[data-testid=pending-card]"));
        var abandoned = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal("Cancelled", abandoned.GetProperty("state").GetString());

        var second = await citizen.SubmitAsync(afterCancel, "form.no-print");
        Assert.Equal(app.GatewayAddress.Authority, second.Url.Authority);
        Assert.NotEqual(first.Url, second.Url);
        var back = await citizen.SubmitAsync(second, "form", button: ("result", "PAID"));
        Assert.True(back.Has("[data-testid=paid]"), back.Html);
        var paid = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is var list && list[0].GetProperty("remaining").GetDecimal() == 0 ? list : null);
        Assert.Equal(600m, paid[0].GetProperty("paid").GetDecimal());
        citizen.Dispose();
    }

    [Fact]
    public async Task Pressing_pay_by_card_twice_while_the_first_payment_is_still_being_credited_pays_the_fee_once()
    {
        using var clerk = await app.ClerkAsync("fees");
        var (citizen, fee) = await app.PayerAsync(clerk, "psi", "Hana", "Dvojklik", "1968-08-08");
        var id = fee.GetProperty("id").GetGuid();

        // The citizen paid at the gateway, but the portal was not told (it was down): the payment is still "created".
        var gateway = await citizen.SubmitAsync(await citizen.GetAsync($"/Payments/Instruction/{id}"), "form.no-print");
        Assert.Equal(HttpStatusCode.OK, (await citizen.SubmitAsync(gateway, "form", button: ("result", "PAID-SILENT"))).Status);

        // The fee's ledger is busy (its row held), so what the portal confirms is not counted yet.
        await using var ledger = new NpgsqlConnection(app.ConnectionString);
        await ledger.OpenAsync();
        await using var hold = await ledger.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("select 1 from fees.mt_doc_obligation where id = @id for update", ledger, hold))
        {
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }

        // Two presses of "Zaplatit kartou" from the same page: the first confirms the payment made at the gateway,
        // the second must not start another one.
        var page = await citizen.GetAsync($"/Payments/Instruction/{id}");
        var first = await citizen.SubmitAsync(page, "form.no-print");
        var second = await citizen.SubmitAsync(page, "form.no-print");
        Assert.Equal(app.BaseAddress.Authority, first.Url.Authority);
        Assert.Equal(app.BaseAddress.Authority, second.Url.Authority);
        Assert.True(second.Has("[data-testid=payment-applying]"), second.Html);
        Assert.False(second.Has("[data-testid=pay-card]"), "a covered fee offers no card payment");
        var payment = Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        Assert.Equal("Paid", payment.GetProperty("state").GetString());

        await hold.RollbackAsync();
        var paid = await Wait.UntilAsync(async () => await citizen.GetJsonAsync<JsonElement[]>("/api/fees/mine") is var list && list[0].GetProperty("remaining").GetDecimal() == 0 ? list : null);
        Assert.Equal(600m, paid[0].GetProperty("paid").GetDecimal());
        Assert.Single(await citizen.GetJsonAsync<JsonElement[]>("/api/payments/mine"));
        citizen.Dispose();
    }
}
