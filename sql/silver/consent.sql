-- silver.consent: every consent change per identifier, purpose and channel, with its history:
-- c360 adds valid_to (the next change's occurred_at) and is_current (the latest change). Two
-- changes at the same time: the last ingested is kept (consent.yml: version).
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.consent
    where _batch_id > session.since_batch_id
),

cleaned as (
    select
        -- ids
        consent_id,
        lower(trim(id_type)) as id_type,
        c360_identifier(lower(trim(id_type)), id_value, 'GB') as id_value,

        -- attributes
        lower(trim(purpose)) as purpose,
        lower(trim(channel)) as channel,
        granted as is_granted,

        -- timestamps
        occurred_at,
        _ingested_at as ingested_at,
        _record_hash as record_hash
    from source
),

final as (
    select * from cleaned
)

select * from final
