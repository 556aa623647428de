-- silver.orders: the current state of each order. An order is exported again when its status
-- changes; the export with the latest updated_at wins, in this run and across runs.
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.orders
    where _batch_id > session.since_batch_id
),

latest as (
    select
        *,
        row_number() over (partition by order_id order by updated_at desc, _ingested_at desc, _record_hash) as recency
    from source
),

final as (
    select
        -- ids
        order_id,
        nullif(trim(user_id), '') as user_id,
        c360_email(email) as email,

        -- attributes
        lower(trim(status)) as status,
        upper(trim(currency)) as currency,
        false as is_deleted,

        -- metrics
        cast(total_amount as decimal(18, 2)) as total_amount,

        -- timestamps
        ordered_at,
        updated_at,
        _ingested_at as ingested_at
    from latest
    where recency = 1
)

select * from final
