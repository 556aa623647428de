-- silver.email_engagement: one row per e-mail platform event (send, open, click, unsubscribe,
-- bounce); an event exported twice is kept once, as first ingested (email_engagement.yml: order-by).
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.email_engagement
    where _batch_id > session.since_batch_id
),

final as (
    select
        -- ids
        event_id,
        campaign_id,
        c360_email(email) as email,

        -- attributes
        lower(trim(event_type)) as event_type,
        url,

        -- timestamps
        occurred_at,
        _ingested_at as ingested_at,

        -- lineage
        _record_hash as record_hash
    from source
)

select * from final
