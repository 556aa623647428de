-- silver.consent: every consent change, normalised, with the latest per identifier, purpose and
-- channel marked current.
with source as (
    select * from bronze.consent
),

deduplicated as (
    select
        *,
        row_number() over (partition by consent_id order by _ingested_at, _record_hash) as occurrence
    from source
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
        occurred_at
    from deduplicated
    where occurrence = 1
),

final as (
    select
        *,
        row_number() over (
            partition by id_type, id_value, purpose, channel
            order by occurred_at desc, consent_id desc
        ) = 1 as is_current
    from cleaned
)

select * from final
