-- silver.email_engagement: one row per e-mail platform event.
with source as (
    select * from bronze.email_engagement
),

deduplicated as (
    select
        *,
        row_number() over (partition by event_id order by _ingested_at, _record_hash) as occurrence
    from source
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
        occurred_at
    from deduplicated
    where occurrence = 1
)

select * from final
