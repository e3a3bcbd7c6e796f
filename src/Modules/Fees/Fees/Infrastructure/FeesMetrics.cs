using System.Diagnostics.Metrics;

namespace Portal.Fees.Infrastructure;

/// <summary>Prometheus figures of the Fees module: obligations assessed, and money settled in the ledger by channel.</summary>
public sealed class FeesMetrics
{
    public const string MeterName = "Portal.Fees";

    private readonly Counter<long> assessed;
    private readonly Counter<long> payments;
    private readonly Counter<double> amount;

    public FeesMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        assessed = meter.CreateCounter<long>("portal.fees.obligations.assessed", description: "Obligations assessed");
        payments = meter.CreateCounter<long>("portal.fees.payments.settled", description: "Payments settled in the ledger by channel");
        amount = meter.CreateCounter<double>("portal.fees.payments.settled.czk", description: "Money settled in the ledger by channel");
    }

    public void Assessed(long count) => assessed.Add(count);

    public void Settled(string channel, decimal value)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        payments.Add(1, tag);
        amount.Add((double)value, tag);
    }
}
