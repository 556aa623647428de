-- silver.order_items: one row per order line, latest export wins.
with source as (
    select * from bronze.order_items
),

latest as (
    select
        *,
        row_number() over (partition by order_id, line_number order by _ingested_at desc, _record_hash) as recency
    from source
),

final as (
    select
        -- ids
        order_id,
        line_number,
        sku,

        -- attributes
        trim(product_name) as product_name,
        lower(trim(category)) as category,
        upper(trim(currency)) as currency,

        -- metrics
        quantity,
        cast(unit_price as decimal(18, 2)) as unit_price,
        cast(quantity * unit_price as decimal(18, 2)) as line_amount
    from latest
    where recency = 1
)

select * from final
