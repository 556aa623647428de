-- silver.orders: the current state of each order, from the shop's daily exports (bronze.orders),
-- the change events Debezium captures from its database (bronze.order_changes) and the stores'
-- point-of-sale database read by JDBC (bronze.store_orders, empty where it is not set up). Changes apply in
-- source commit order (orders.yml: version is commit time, then log position as text that sorts in
-- log order for PostgreSQL, MySQL and SQL Server alike; change_lsn is PostgreSQL's): a change older than
-- the state already held is ignored, so late and duplicate deliveries change nothing. A deleted order keeps a row
-- with is_deleted true, so a late change cannot bring it back.
-- Incremental: reads the bronze batches after session.since_batch_id (-1 on a full refresh).
with exports as (
    select
        order_id,
        user_id,
        email,
        status,
        currency,
        total_amount,
        ordered_at,
        updated_at,
        false as is_deleted,
        updated_at as changed_at,
        -1L as change_lsn,
        '' as change_position,
        _ingested_at,
        _record_hash
    from bronze.orders
    where _batch_id > session.since_batch_id
),

extracts as (
    select
        order_id,
        user_id,
        email,
        status,
        currency,
        total_amount,
        ordered_at,
        updated_at,
        false as is_deleted,
        updated_at as changed_at,
        -1L as change_lsn,
        '' as change_position,
        _ingested_at,
        _record_hash
    from bronze.store_orders
    where _batch_id > session.since_batch_id
),

changes as (
    select
        order_id,
        user_id,
        email,
        status,
        currency,
        total_amount,
        ordered_at,
        updated_at,
        _change_op = 'd' as is_deleted,
        coalesce(timestamp_millis(_change_ts_ms), updated_at) as changed_at,
        coalesce(_change_lsn, -1L) as change_lsn,
        coalesce(_change_position, '') as change_position,
        _ingested_at,
        _record_hash
    from bronze.order_changes
    where _batch_id > session.since_batch_id
),

states as (
    select * from exports
    union all
    select * from extracts
    union all
    select * from changes
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
        is_deleted,

        -- metrics
        cast(total_amount as decimal(18, 2)) as total_amount,

        -- timestamps
        ordered_at,
        updated_at,
        changed_at,
        change_lsn,
        change_position,
        _ingested_at as ingested_at,
        _record_hash as record_hash
    from states
)

select * from final
