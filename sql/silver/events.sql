-- silver.events: one row per unique web/app event. Segment and RudderStack retry, so the same
-- messageId can arrive more than once: c360 keeps the first one ingested (events.yml: order-by),
-- in this run and across runs.
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.web_events
    where _batch_id > session.since_batch_id
),

renamed as (
    select
        -- ids
        messageId as event_id,
        anonymousId as anonymous_id,
        userId as user_id,
        get_json_object(properties, '$.order_id') as order_id,

        -- attributes
        lower(type) as event_type,
        coalesce(event, name) as event_name,
        c360_email(coalesce(traits.email, context.traits.email)) as email,
        c360_identifier('phone', coalesce(traits.phone, context.traits.phone),
            coalesce(c360_country(traits.address.country), 'GB')) as phone,
        c360_name(traits.firstName) as first_name,
        c360_name(traits.lastName) as last_name,
        context.page.url as page_url,
        context.page.path as page_path,
        context.page.referrer as referrer,
        context.page.title as page_title,
        context.campaign.name as utm_campaign,
        context.campaign.source as utm_source,
        context.campaign.medium as utm_medium,
        context.campaign.term as utm_term,
        context.campaign.content as utm_content,
        context.device.type as device_type,
        context.os.name as os_name,
        context.library.name as library_name,
        context.locale as locale,
        context.userAgent as user_agent,
        context.ip as ip_address,
        properties,

        -- metrics
        try_cast(get_json_object(properties, '$.revenue') as decimal(18, 2)) as revenue,
        upper(get_json_object(properties, '$.currency')) as currency,

        -- timestamps: occurred_at is when the event happened (UTC), so a late event lands in its day
        try_to_timestamp(timestamp) as occurred_at,
        to_date(try_to_timestamp(timestamp)) as event_date,
        try_to_timestamp(receivedAt) as received_at,
        _ingested_at as ingested_at,

        -- lineage
        _source as source,
        _batch_id as batch_id,
        _record_hash as record_hash
    from source
)

select * from renamed
