using Npgsql;

namespace Portal.Host.Infrastructure;

/// <summary>
/// The single-town release's event store keyed streams by id alone; towns key them by (town, id). Marten's own
/// migration of that step adds the events' foreign key twice and fails, so this step is done here, before Marten
/// compares the schema (it then finds the event tables as it wants them and migrates the documents itself). Runs once:
/// afterwards the old key is gone and this does nothing.
/// </summary>
internal sealed class EventTenancyUpgrade(string connectionString, string schema) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            do $$
            begin
              if exists (select 1 from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
                         where n.nspname = '{schema}' and t.relname = 'mt_streams' and c.conname = 'pkey_mt_streams_id') then
                alter table {schema}.mt_events drop constraint if exists fkey_mt_events_stream_id;
                alter table {schema}.mt_streams drop constraint pkey_mt_streams_id cascade;
                alter table {schema}.mt_streams add constraint pkey_mt_streams_tenant_id_id primary key (tenant_id, id);
                alter table {schema}.mt_events add constraint fkey_mt_events_stream_id_tenant_id foreign key (tenant_id, stream_id) references {schema}.mt_streams (tenant_id, id);
                drop index if exists {schema}.pk_mt_events_stream_and_version;
                create unique index pk_mt_events_stream_and_version on {schema}.mt_events using btree (tenant_id, stream_id, version);
              end if;
            end $$;
            """,
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
