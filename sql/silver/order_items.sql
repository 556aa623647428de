-- silver.order_items: one row per order line; the line as last exported wins (order_items.yml: version).
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with source as (
    select * from bronze.order_items
    where _batch_id > session.since_batch_id
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
        cast(quantity * unit_price as decimal(18, 2)) as line_amount,

        -- timestamps
        _ingested_at as ingested_at,

        -- lineage
        _record_hash as record_hash
    from source
)

select * from final
