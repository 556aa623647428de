-- silver.orders: the current state of each order; an order exported again (status change) replaces
-- its earlier export.
with source as (
    select * from bronze.orders
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

        -- metrics
        cast(total_amount as decimal(18, 2)) as total_amount,

        -- timestamps
        ordered_at,
        updated_at
    from latest
    where recency = 1
)

select * from final
